/**
 * The SAS emoji table from the Matrix spec (`@matrix-org/spec`): index → emoji and its name in the UI language.
 * Emoji are matched by index, never by character (seven of them carry an invisible variation selector).
 */
import table from '@matrix-org/spec/sas-emoji.json';

export interface SasEmoji {
	index: number;
	emoji: string;
	/** The name people read aloud, in the requested language (English when there is no translation). */
	name: string;
}

interface Row {
	number: number;
	emoji: string;
	description: string;
	translated_descriptions: Record<string, string | null>;
}

const rows = table as Row[];

/** Spelling slips in the spec's translations, corrected (German capitalises only the noun: "Daumen hoch"). */
export const NAME_CORRECTIONS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
	de: { 36: 'Daumen hoch' }
};

export function sasEmoji(index: number, locale: string): SasEmoji {
	const row = rows[index];
	if (!row || row.number !== index) throw new RangeError(`There is no SAS emoji number ${index}.`);
	const name =
		locale === 'en'
			? row.description
			: (NAME_CORRECTIONS[locale]?.[index] ?? row.translated_descriptions[locale] ?? row.description);
	return { index, emoji: row.emoji, name };
}

export function sasEmojiList(indices: readonly number[], locale: string): SasEmoji[] {
	return indices.map((i) => sasEmoji(i, locale));
}

export const SAS_EMOJI_COUNT = rows.length;
