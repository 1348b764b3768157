/**
 * Pictures of the SAS emoji, shipped with the course (scripts/sas-emoji-pictures.ts): the learner's screen draws
 * Twemoji, a contact's phone Noto Emoji. Two devices rarely draw an emoji alike, so learners compare the names.
 */
import pictures from 'virtual:sas-emoji-pictures';

/** Whose device draws the emoji: the learner's screen, or the phone of the person on the call. */
export type EmojiDevice = 'screen' | 'phone';

export function emojiPicture(device: EmojiDevice, index: number): string {
	const url = pictures[device][index];
	if (!url) throw new RangeError(`There is no SAS emoji number ${index}.`);
	return url;
}
