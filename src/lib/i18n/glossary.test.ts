/**
 * Every German text of the course keeps to one term per concept (glossary.ts): the messages of every part
 * (`messages/**\/de.json`, as project.inlang lists them), and the German built in code — the contacts' lines, their
 * descriptions, device names and the emoji names the learner compares.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAS_EMOJI_COUNT, sasEmoji } from '../device/sas-emoji';
import { PERSONAS } from '../contacts/catalog';
import { deviceName, phrase, phraseKeys, variantCount } from '../contacts/phrases';
import { checkGerman, GLOSSARY } from './glossary';

function germanMessages(): Record<string, string> {
	const root = new URL('../../../', import.meta.url);
	const settings = JSON.parse(readFileSync(new URL('project.inlang/settings.json', root), 'utf8')) as {
		'plugin.inlang.messageFormat': { pathPattern: string | string[] };
	};
	const out: Record<string, string> = {};
	for (const pattern of [settings['plugin.inlang.messageFormat'].pathPattern].flat()) {
		const file = pattern.replace('{locale}', 'de');
		const { $schema: _schema, ...messages } = JSON.parse(readFileSync(new URL(file, root), 'utf8')) as Record<
			string,
			string
		>;
		for (const [key, text] of Object.entries(messages))
			out[`${file.replace('./messages/', '')} ${key}`] = text;
	}
	return out;
}

/** The German strings code builds: contacts' phrases (every variant), descriptions, device and emoji names. */
function germanInCode(): Record<string, string> {
	const out: Record<string, string> = {};
	for (const key of phraseKeys())
		for (let v = 0; v < variantCount(key); v++) out[`phrase ${key}#${v}`] = phrase('de', key, {}, v);
	for (const [kind, def] of Object.entries(PERSONAS)) out[`persona ${kind}`] = def.description.de;
	for (const kind of ['phone', 'tablet'] as const) out[`device ${kind}`] = deviceName('de', kind);
	for (let i = 0; i < SAS_EMOJI_COUNT; i++) out[`emoji ${i}`] = sasEmoji(i, 'de').name;
	return out;
}

function violations(texts: Record<string, string>): string[] {
	return Object.entries(texts).flatMap(([where, text]) =>
		checkGerman(text).map((v) => `${where}: “${v.match}” (${v.rule})`)
	);
}

describe('the German glossary', () => {
	it('has one German term per concept, and no term is forbidden by another', () => {
		const terms = GLOSSARY.map((t) => t.de);
		expect(new Set(terms).size).toBe(terms.length);
		for (const term of GLOSSARY) expect(checkGerman(term.de), term.de).toEqual([]);
	});

	it('catches the variants it forbids and the style rules', () => {
		const bad = [
			'Dieser Raum ist Ende-zu-Ende verschlüsselt',
			'Richte Cross-Signing ein.',
			'Vergleiche die sieben Emoji.',
			'Siehst du denselben Schild?',
			'Bob zeigt einen grünen Schild.',
			'Drück auf „OK“.',
			'Anna Schmidt hat Du eingeladen',
			'Bob und Du haben den Raum betreten',
			'Moment – Du hast nichts verpasst.',
			'Bitte bestätigen Sie Ihre Sitzung.',
			'… dass du es wirklich bist, die sich hier anmeldet.',
			'Daumen Hoch'
		];
		for (const text of bad) expect(checkGerman(text), text).not.toEqual([]);
		const good = [
			'Dieser Raum ist Ende-zu-Ende-verschlüsselt.',
			'Du hast „Sie passen zueinander“ gedrückt. Drücke „OK“.',
			'Grün: Du hast alle verifiziert.',
			'„Du hast Bob erfolgreich verifiziert!“',
			'Siehst du dasselbe Schild? Ein grünes Schild mit Haken.',
			'Vergleiche die sieben Emojis, Emoji für Emoji.',
			'Anna Schmidt hat dich eingeladen'
		];
		for (const text of good) expect(checkGerman(text), text).toEqual([]);
	});

	it('holds every German message to it', () => {
		expect(violations(germanMessages())).toEqual([]);
	});

	it('holds the German that code builds to it (contacts, devices, emoji names)', () => {
		expect(violations(germanInCode())).toEqual([]);
	});
});
