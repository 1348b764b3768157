import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { baseLocale, locales } from '$lib/paraglide/runtime';

function readMessages(locale: string): Record<string, string> {
	const url = new URL(`../../../messages/${locale}.json`, import.meta.url);
	const { $schema: _schema, ...messages } = JSON.parse(readFileSync(url, 'utf8')) as Record<string, string>;
	return messages;
}

describe('messages', () => {
	it('has English as the base locale and German besides it', () => {
		expect(baseLocale).toBe('en');
		expect([...locales].sort()).toEqual(['de', 'en']);
	});

	it('has the same keys in every locale, none of them empty', () => {
		const english = readMessages('en');
		for (const locale of locales) {
			const messages = readMessages(locale);
			expect(Object.keys(messages).sort(), locale).toEqual(Object.keys(english).sort());
			for (const [key, text] of Object.entries(messages)) {
				expect(text.trim(), `${locale}.${key}`).not.toBe('');
			}
		}
	});

	it('compiles messages that answer in the requested locale', () => {
		expect(m.language_label({}, { locale: 'en' })).toBe('Language');
		expect(m.language_label({}, { locale: 'de' })).toBe('Sprache');
	});
});
