/**
 * The steps of verifying a contact by emoji that several lessons share (lessons 6, 7 and 10): the learner's request,
 * then the emoji on the compare screen. Each lesson gives its own words; what the steps check, and the learner's
 * moves that do them, are written here once.
 */
import type { SolutionMove } from '../driver';
import type { LessonStep, StepTexts } from '../types';
import { emojiShown, newestRequest, requestFrom, showEmoji } from './emoji-verification';

/** Profile → "Verify" → "Start Verification": done once the learner's request to the contact exists. */
export function requestStep(contact: string, texts: StepTexts, id = 'request'): LessonStep {
	return { id, ...texts, done: (v) => newestRequest(v, contact) !== undefined };
}

/** The contact accepted and "Verify by emoji" was pressed: the learner's compare screen shows the emoji. */
export function compareStep(contact: string, texts: StepTexts): LessonStep {
	return { id: 'compare', ...texts, done: (v) => emojiShown(newestRequest(v, contact)) };
}

/** The opening of an emoji verification with a contact: `request`, then `compare`. */
export function verifyByEmojiSteps(
	contact: string,
	texts: { request: StepTexts; compare: StepTexts }
): LessonStep[] {
	return [requestStep(contact, texts.request), compareStep(contact, texts.compare)];
}

/** The learner's moves for those two steps, by step id. */
export function verifyByEmojiMoves(contact: string): { request: SolutionMove; compare: SolutionMove } {
	return { request: (d) => requestFrom(d, contact), compare: (d) => showEmoji(d, contact) };
}
