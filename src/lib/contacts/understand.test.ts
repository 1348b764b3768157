import { describe, expect, it } from 'vitest';
import { LOCALES, phrase, phraseKeys, suggestion, variantCount } from './phrases';
import { INTENTS, normalize, understand, type Intent } from './understand';

describe('what contacts understand', () => {
	const cases: [string, Intent][] = [
		['Can we verify each other?', 'askVerify'],
		['Können wir uns gegenseitig verifizieren?', 'askVerify'],
		['can we verfiy?', 'askVerify'],
		['lass uns verifizieren', 'askVerify'],
		['Please verify your new tablet.', 'verifyTablet'],
		['Bitte verifiziere dein neues Tablet.', 'verifyTablet'],
		['PLEASE VERIFY YOUR NEW TABELT', 'verifyTablet'],
		['your new tablet is not verified', 'verifyTablet'],
		['Did you reset your account?', 'didReset'],
		['Hast du dein Konto zurückgesetzt?', 'didReset'],
		['why do I see a warning about you?', 'didReset'],
		['Do your emoji match mine?', 'compareEmoji'],
		['Stimmen deine Emojis mit meinen überein?', 'compareEmoji'],
		['Is something wrong?', 'compareEmoji'],
		['Which emoji do you see?', 'readEmoji'],
		['Welche Emojis siehst du?', 'readEmoji'],
		['Can you read the earlier messages?', 'canRead'],
		['Kannst du die früheren Nachrichten lesen?', 'canRead'],
		['Please scan my QR code.', 'scanQr'],
		['Scanne bitte meinen QR-Code.', 'scanQr'],
		['you can scan it now', 'scanQr'],
		['Thanks!', 'thanks'],
		['Danke dir', 'thanks'],
		['Hi Bob!', 'greet'],
		['Hallo zusammen!', 'greet'],
		['Moin', 'greet'],
		['Did you watch the game?', 'other'],
		['This is history', 'other'],
		['', 'other'],
		['🙂', 'other']
	];
	for (const [text, intent] of cases) {
		it(`"${text}" → ${intent}`, () => expect(understand(text)).toBe(intent));
	}

	it('normalises case, accents and punctuation', () => {
		expect(normalize('  Überprüfe: GRÜẞE, Straße!! ')).toBe('uberprufe grusse strasse');
	});

	it('understands every suggested reply it offers, in both languages', () => {
		const intents = INTENTS.filter((i) => i !== 'other');
		for (const locale of LOCALES) {
			for (const intent of intents)
				expect(understand(suggestion(locale, intent, { name: 'Bob' }))).toBe(intent);
			expect(understand(phrase(locale, 'suggest.hello'))).toBe('greet');
		}
	});
});

describe('what contacts say', () => {
	it('every phrase exists in English and German, with as many variants and the same placeholders', () => {
		for (const key of phraseKeys()) {
			const n = variantCount(key);
			expect(n).toBeGreaterThan(0);
			for (let v = 0; v < n; v++) {
				const en = phrase('en', key, {}, v);
				const de = phrase('de', key, {}, v);
				expect(en.length, key).toBeGreaterThan(0);
				expect(de.length, key).toBeGreaterThan(0);
				const holes = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
				expect(holes(de), key).toEqual(holes(en));
			}
			expect(phrase('de', key, {}, n), `${key} has as many variants in German`).toBe(
				phrase('de', key, {}, 0)
			);
		}
	});

	it('fills in names and picks variants deterministically', () => {
		expect(phrase('en', 'suggest.greet', { name: 'Carol' })).toBe('Hi Carol!');
		expect(phrase('de', 'suggest.greet', { name: 'Carol' })).toBe('Hallo Carol!');
		expect(phrase('en', 'bob.other', {}, 4)).toBe(phrase('en', 'bob.other', {}, 1));
	});
});
