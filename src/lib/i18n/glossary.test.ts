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
import type { Edition } from '../edition';
import { checkGerman, editionOfMessage, glossaryOf } from './glossary';

interface GermanText {
	text: string;
	edition: Edition;
}

function germanMessages(): Record<string, GermanText> {
	const root = new URL('../../../', import.meta.url);
	const settings = JSON.parse(readFileSync(new URL('project.inlang/settings.json', root), 'utf8')) as {
		'plugin.inlang.messageFormat': { pathPattern: string | string[] };
	};
	const out: Record<string, GermanText> = {};
	for (const pattern of [settings['plugin.inlang.messageFormat'].pathPattern].flat()) {
		const file = pattern.replace('{locale}', 'de');
		const { $schema: _schema, ...messages } = JSON.parse(readFileSync(new URL(file, root), 'utf8')) as Record<
			string,
			string
		>;
		for (const [key, text] of Object.entries(messages))
			out[`${file.replace('./messages/', '')} ${key}`] = { text, edition: editionOfMessage(file, key) };
	}
	return out;
}

/** The German strings code builds: contacts' phrases (every variant), descriptions, device and emoji names. */
function germanInCode(): Record<string, GermanText> {
	const out: Record<string, GermanText> = {};
	const classic = (text: string): GermanText => ({ text, edition: 'classic' });
	for (const key of phraseKeys())
		for (let v = 0; v < variantCount(key); v++) out[`phrase ${key}#${v}`] = classic(phrase('de', key, {}, v));
	for (const [kind, def] of Object.entries(PERSONAS)) out[`persona ${kind}`] = classic(def.description.de);
	for (const kind of ['phone', 'tablet'] as const) out[`device ${kind}`] = classic(deviceName('de', kind));
	for (let i = 0; i < SAS_EMOJI_COUNT; i++) out[`emoji ${i}`] = classic(sasEmoji(i, 'de').name);
	return out;
}

function violations(texts: Record<string, GermanText>): string[] {
	return Object.entries(texts).flatMap(([where, { text, edition }]) =>
		checkGerman(text, edition).map((v) => `${where}: “${v.match}” (${v.rule})`)
	);
}

describe('the German glossary', () => {
	it('has one German term per concept, and no term is forbidden by another', () => {
		for (const edition of ['classic', '2026'] as const) {
			const terms = glossaryOf(edition).map((t) => t.de);
			expect(new Set(terms).size).toBe(terms.length);
			for (const term of glossaryOf(edition)) expect(checkGerman(term.de, edition), term.de).toEqual([]);
		}
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

	it('holds each edition to its own words', () => {
		const classicText = 'Bestätige deine neue Sitzung mit deinem Sicherheitsschlüssel.';
		const todayText = 'Bestätige dein neues Gerät mit deinem Wiederherstellungsschlüssel.';
		expect(checkGerman(classicText, 'classic')).toEqual([]);
		expect(checkGerman(classicText, '2026')).not.toEqual([]);
		expect(checkGerman(todayText, '2026')).toEqual([]);
		expect(checkGerman('Gib deinen Recovery Key ein.', '2026')).not.toEqual([]);
		expect(editionOfMessage('./messages/settings-2026/de.json', 'encryption_tab')).toBe('2026');
		expect(editionOfMessage('./messages/lessons/secure-backup/de.json', 'l02_step_key_title_2026')).toBe(
			'2026'
		);
		expect(editionOfMessage('./messages/lessons/secure-backup/de.json', 'l02_step_key_title')).toBe(
			'classic'
		);
	});

	it('holds every German message to it', () => {
		expect(violations(germanMessages())).toEqual([]);
	});

	it('holds the German that code builds to it (contacts, devices, emoji names)', () => {
		expect(violations(germanInCode())).toEqual([]);
	});
});
