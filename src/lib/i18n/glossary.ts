/**
 * The course's German: one term per concept, with the English term it renders and the variants that must not
 * appear. Element's own German (matrix-react-sdk's `de_DE.json`) decides where it has a word ("Quersignierung",
 * "Sitzung", "Schlüsselsicherung", "Sicherheitsschlüssel", "Emojis", "Direktnachricht"); the rest follows the
 * course's style: informal "du" (lower case inside a sentence), imperative "Drücke …". `glossary.test.ts` holds
 * every German message and every German string built in code to it.
 *
 * Today's Element (the 2026 edition, `$lib/edition`) renamed some of these in German: a session is a "Gerät", the key
 * that unlocks the backup a "Wiederherstellungsschlüssel". A term may therefore belong to one edition only; texts of
 * the 2026 edition (its client and settings messages, lesson texts whose key ends in `_2026`) are held to the 2026
 * terms, everything else to the classic ones.
 */
import type { Edition } from '../edition';

export interface GlossaryTerm {
	/** The concept, in a few English words. */
	concept: string;
	en: string;
	de: string;
	/** Variants that must not appear in German text. */
	forbidden: readonly RegExp[];
	/** Why, where it is not obvious. */
	note?: string;
	/** The editions whose German uses this term; both when absent. */
	editions?: readonly Edition[];
}

export const GLOSSARY: readonly GlossaryTerm[] = [
	{
		concept: 'end-to-end encrypted (adjective)',
		en: 'end-to-end encrypted',
		de: 'Ende-zu-Ende-verschlüsselt',
		forbidden: [/Ende[- ]zu[- ]Ende verschlüsselt/, /Ende zu Ende/, /[Ee]nd-to-[Ee]nd-verschlüsselt/],
		note: 'A compound adjective is hyphenated throughout (Element writes the tooltip without the last hyphen).'
	},
	{
		concept: 'end-to-end encryption',
		en: 'end-to-end encryption',
		de: 'Ende-zu-Ende-Verschlüsselung',
		forbidden: [/Ende-zu-Ende Verschlüsselung/, /E2E-Verschlüsselung/]
	},
	{
		concept: 'cross-signing',
		en: 'cross-signing',
		de: 'Quersignierung',
		forbidden: [/Cross-?[Ss]igning/, /Kreuzsignierung/, /Quersignatur/]
	},
	{
		concept: 'emoji (several)',
		en: 'emoji',
		de: 'Emojis',
		forbidden: [
			/\b(?:die|deine|meine|seine|ihre|unsere|eure|alle|beide[n]?|sieben|zwei|drei|diese|welche|keine|der|den|andere|verschiedene)\s+Emoji\b(?![-s])/i
		],
		note: 'Plural "Emojis", as Element writes it; "das Emoji" for one.'
	},
	{
		concept: 'shield (the room, member and message mark)',
		en: 'shield',
		de: 'das Schild',
		forbidden: [
			/(?<!\p{L})(?:der|den|denselben|einen|keinen|deinen|seinen|ihren)\s+(?:\p{L}+en\s+)?Schild(?!\p{L})/u,
			/(?<!\p{L})(?:grauer|grüner|roter|großer)\s+Schild(?!\p{L})/u
		],
		note: 'The sign is neuter ("das Schild"); "der Schild" is a knight’s shield.'
	},
	{
		concept: 'session (a signed-in device)',
		en: 'session',
		de: 'Sitzung',
		forbidden: [/\bSessions?\b/],
		editions: ['classic']
	},
	{
		concept: 'device',
		en: 'device',
		de: 'Gerät',
		forbidden: [/\bDevices?\b/],
		editions: ['classic']
	},
	{
		concept: 'device, and a session (a signed-in device), as today’s Element says both',
		en: 'device',
		de: 'Gerät',
		forbidden: [/\bDevices?\b/, /\bSessions?\b/, /\bSitzung(?:en)?\b/],
		editions: ['2026'],
		note: 'Element’s German of 2025–26 says "Gerät" where it said "Sitzung".'
	},
	{
		concept: 'phone (the device)',
		en: 'Phone',
		de: 'Handy',
		forbidden: [/\bSmartphone\b/, /\bPhone\b/]
	},
	{
		concept: 'verification',
		en: 'verification',
		de: 'Verifizierung',
		forbidden: [/\bVerifikation/]
	},
	{
		concept: 'Security Key',
		en: 'Security Key',
		de: 'Sicherheitsschlüssel',
		forbidden: [/\bSecurity Key\b/, /Sicherheits-Schlüssel/],
		editions: ['classic']
	},
	{
		concept: 'recovery key',
		en: 'recovery key',
		de: 'Wiederherstellungsschlüssel',
		forbidden: [/\b[Rr]ecovery[- ][Kk]ey\b/, /Wiederherstellungs-Schlüssel/],
		editions: ['2026']
	},
	{
		concept: 'Secure Backup (key backup)',
		en: 'Secure Backup',
		de: 'Schlüsselsicherung',
		forbidden: [/Sicheres Backup/, /Schlüssel-Backup/]
	},
	{
		concept: 'direct message',
		en: 'direct message',
		de: 'Direktnachricht',
		forbidden: [/Direkt-?[Cc]hat/, /Privatchat/]
	},
	{
		concept: 'thumbs up (a SAS emoji)',
		en: 'Thumbs Up',
		de: 'Daumen hoch',
		forbidden: [/Daumen Hoch/]
	},
	{
		concept: 'press (imperative)',
		en: 'press',
		de: 'drücke',
		forbidden: [/\b[Dd]rück(?=[\s,.!])/],
		note: 'The full imperative "Drücke", never the short "Drück".'
	}
];

/**
 * Rules that are not one term: the informal "du" is lower case inside a sentence (capitalised only where a
 * sentence starts: at the beginning, after . ! ? : or an opening quote), nobody is addressed formally, and
 * the learner is not given a gender.
 */
export interface StyleRule {
	rule: string;
	pattern: RegExp;
}

const MID_SENTENCE = String.raw`(?<!^)(?<![.!?:…]\s)(?<![„"\n]\s?)`;

export const STYLE_RULES: readonly StyleRule[] = [
	{
		rule: '"du", "dich", "dir", "dein …" are lower case inside a sentence',
		pattern: new RegExp(
			`${MID_SENTENCE}\\b(?:Du|Dich|Dir|Dein|Deine|Deinen|Deinem|Deiner|Deines|Euch|Euer|Eure)\\b`,
			'u'
		)
	},
	{
		rule: 'no formal address ("Sie", "Ihr …" inside a sentence)',
		pattern: new RegExp(`${MID_SENTENCE}\\b(?:Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\\b`, 'u')
	},
	{
		rule: 'the learner has no gender ("du bist es, die …")',
		pattern: /\bdu\b[^.!?]*\bbist,\s+(?:die|der)\s/iu
	},
	{
		rule: 'the learner is "du", never the display name "Du" as an object ("hat Du eingeladen", "Bob und Du")',
		pattern: /\b(?:und|hat|haben|habt|an|mit|für)\s+Du\b/u
	}
];

export interface GlossaryViolation {
	rule: string;
	match: string;
}

/** The glossary of one edition. */
export function glossaryOf(edition: Edition): GlossaryTerm[] {
	return GLOSSARY.filter((term) => !term.editions || term.editions.includes(edition));
}

/** Which edition a German message belongs to, by its file (`client-2026/de.json`) or its key (`…_2026`). */
export function editionOfMessage(file: string, key: string): Edition {
	return /-2026\//.test(file) || /_2026(?:_|$)/.test(key) ? '2026' : 'classic';
}

/** What in one German text breaks the glossary (of the text's edition) or the style rules. */
export function checkGerman(text: string, edition: Edition = 'classic'): GlossaryViolation[] {
	const out: GlossaryViolation[] = [];
	for (const term of glossaryOf(edition)) {
		for (const pattern of term.forbidden) {
			const found = text.match(pattern);
			if (found) out.push({ rule: `${term.concept}: “${term.de}”`, match: found[0] });
		}
	}
	for (const style of STYLE_RULES) {
		const found = text.match(style.pattern);
		if (found) out.push({ rule: style.rule, match: found[0] });
	}
	return out;
}
