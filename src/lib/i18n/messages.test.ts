import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { baseLocale, locales } from '$lib/paraglide/runtime';

/** Every message file of a locale (project.inlang lists one path pattern per group of messages), merged. */
function readMessages(locale: string): Record<string, string> {
	const root = new URL('../../../', import.meta.url);
	const settings = JSON.parse(readFileSync(new URL('project.inlang/settings.json', root), 'utf8')) as {
		'plugin.inlang.messageFormat': { pathPattern: string | string[] };
	};
	const patterns = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
	const merged: Record<string, string> = {};
	for (const pattern of patterns) {
		const url = new URL(pattern.replace('{locale}', locale), root);
		const { $schema: _schema, ...messages } = JSON.parse(readFileSync(url, 'utf8')) as Record<string, string>;
		for (const key of Object.keys(messages))
			expect(merged, `${key} is defined twice`).not.toHaveProperty(key);
		Object.assign(merged, messages);
	}
	return merged;
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
