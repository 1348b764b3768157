import { describe, expect, it } from 'vitest';
import table from '@matrix-org/spec/sas-emoji.json';
import { NAME_CORRECTIONS, SAS_EMOJI_COUNT, sasEmoji, sasEmojiList } from './sas-emoji';

describe('SAS emoji table', () => {
	it('has the 64 entries of the spec, each numbered by its position', () => {
		expect(SAS_EMOJI_COUNT).toBe(64);
		table.forEach((row, i) => expect(row.number).toBe(i));
	});

	it('names emoji in English and German from the spec table', () => {
		for (const row of table) {
			expect(sasEmoji(row.number, 'en').name).toBe(row.description);
			expect(sasEmoji(row.number, 'de').name).toBe(
				NAME_CORRECTIONS.de?.[row.number] ?? row.translated_descriptions.de ?? row.description
			);
			expect(sasEmoji(row.number, 'de').emoji).toBe(row.emoji);
		}
		expect(sasEmojiList([0, 1], 'xx').map((e) => e.name)).toEqual([
			table[0]!.description,
			table[1]!.description
		]);
	});

	it('corrects only spelling: the same words, other capitals', () => {
		for (const [locale, names] of Object.entries(NAME_CORRECTIONS)) {
			for (const [i, name] of Object.entries(names)) {
				const spec = table[Number(i)]!.translated_descriptions[locale as 'de'];
				expect(name.toLowerCase()).toBe(spec?.toLowerCase());
			}
		}
		expect(sasEmoji(36, 'de').name).toBe('Daumen hoch');
	});

	it('refuses an index outside the table', () => {
		expect(() => sasEmoji(64, 'en')).toThrow(RangeError);
		expect(() => sasEmoji(-1, 'en')).toThrow(RangeError);
	});
});
