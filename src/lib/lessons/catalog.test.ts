/**
 * The course's lessons: ids unique and as the browser tests list them, 3–8 minutes, texts in both languages and both
 * Element editions; and every text that names a control or a signal today's Element no longer has (or calls
 * otherwise) has a 2026 text that does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LESSON_IDS_2026_ONLY, LESSON_IDS_FOR_TESTS } from '../../../tests/lesson-ids';
import { editions } from '../edition';
import { LESSON_IDS, LESSONS, lessonsIn } from './catalog';
import { inEdition, outlineIn } from './edition-texts';
import { OUTLINE } from './outline';
import { inCourse, type Lesson, type Text } from './types';

/** Every text a lesson can show: its header and summary, steps, wrong moves, other ways and their summaries. */
function textsOf(l: Lesson): { where: string; text: Text }[] {
	return [
		{ where: 'title', text: l.title },
		{ where: 'goal', text: l.goal },
		...l.summary.map((text, i) => ({ where: `summary ${i + 1}`, text })),
		...l.steps.flatMap((s) => [
			{ where: `${s.id} title`, text: s.title },
			{ where: `${s.id} why`, text: s.why },
			...s.hints.map((text, i) => ({ where: `${s.id} hint ${i + 1}`, text })),
			...(s.mistakes ?? []).map((mk) => ({ where: `${s.id} mistake ${mk.id}`, text: mk.explain })),
			...(s.alternatives ?? []).flatMap((a) => [
				{ where: `${s.id} other way ${a.id}`, text: a.title },
				...(a.summary ?? []).map((text, i) => ({ where: `${s.id} other way ${a.id} summary ${i + 1}`, text }))
			])
		])
	];
}

describe('the lesson catalog', () => {
	it('has seventeen lessons with unique ids, as the browser tests know them', () => {
		expect(LESSONS).toHaveLength(17);
		expect(new Set(LESSON_IDS).size).toBe(17);
		expect(LESSON_IDS).toEqual([...LESSON_IDS_FOR_TESTS]);
	});

	it('keeps the classic course as it was, and adds the lessons of today’s Element to the 2026 course only', () => {
		const only2026: readonly string[] = LESSON_IDS_2026_ONLY;
		// The thirteen of the 2021 guide, in their order (tests/lesson-ids.ts lists every lesson in course order).
		const classic = LESSON_IDS_FOR_TESTS.filter((id) => !only2026.includes(id));
		expect(classic).toHaveLength(13);
		expect(lessonsIn('classic').map((l) => l.id)).toEqual(classic);
		expect(lessonsIn('2026').map((l) => l.id)).toEqual(LESSON_IDS);
		expect(LESSONS.filter((l) => l.editions).map((l) => l.id)).toEqual([...only2026]);
		// A lesson of one edition is written for it: it has no texts for the other to put in place of its own.
		for (const l of LESSONS.filter((x) => x.editions)) {
			expect(l.editions).toEqual(['2026']);
			expect(l.today, l.id).toBeUndefined();
			for (const step of l.steps) expect(step.today, `${l.id} ${step.id}`).toBeUndefined();
		}
	});

	it.each(editions)('has an outline for the course home that says what the lessons say (%s)', (edition) => {
		const header = (o: { id: string; minutes: number; title: Text; goal: Text }) => ({
			id: o.id,
			minutes: o.minutes,
			title: o.title,
			goal: o.goal
		});
		expect(
			OUTLINE.filter((o) => inCourse(o, edition)).map((o) => ({
				...header(outlineIn(o, edition)),
				steps: o.steps
			}))
		).toEqual(lessonsIn(edition).map((l) => ({ ...header(inEdition(l, edition)), steps: l.steps.length })));
		expect(OUTLINE.map((o) => o.editions)).toEqual(LESSONS.map((l) => l.editions));
	});

	describe.each(editions)('in the %s edition', (edition) => {
		it.each(lessonsIn(edition).map((l) => [l.id, l] as const))(
			'%s: 3–8 minutes, every text in English and German',
			(_id, classic) => {
				const l = inEdition(classic, edition);
				expect(l.minutes).toBeGreaterThanOrEqual(3);
				expect(l.minutes).toBeLessThanOrEqual(8);
				expect(l.summary.length).toBeGreaterThanOrEqual(2);
				for (const step of l.steps) expect(step.hints.length).toBeGreaterThanOrEqual(1);
				for (const { where, text } of textsOf(l)) {
					for (const locale of ['en', 'de'] as const) {
						const read = text({}, { locale });
						expect(read.trim(), `${where} (${locale})`).not.toBe('');
						expect(read, `${where} (${locale})`).not.toMatch(/TODO/);
					}
				}
			}
		);
	});
});

/**
 * What classic Element has and today's (2026) does not, or calls otherwise, as the lessons' texts name it (from
 * reference/element-today.md and Element's en_EN.json / de_DE.json). A text that names one needs a 2026 text, and
 * no 2026 text may name one. (“Verify” on the “Verify this device” notice is today's; the profile's is not.)
 */
const CLASSIC_ONLY: Record<'en' | 'de', { what: string; pattern: RegExp }[]> = {
	en: [
		{ what: 'Secure Backup → key storage', pattern: /Secure Backup/ },
		{ what: 'Security Key → recovery key', pattern: /Security Key/ },
		{ what: 'Restore from Backup → Use recovery key', pattern: /Restore from Backup/ },
		{ what: 'User menu → Security & Privacy → Encryption', pattern: /“User menu” → “Security & Privacy”/ },
		{ what: '“Add room” → “+” (“New conversation”)', pattern: /Add room|Start new chat/ },
		{
			what: 'Verify this session → Confirm your digital identity',
			pattern: /Verify this session|“Verify Session”/
		},
		{ what: 'Verify with another device → Use another device', pattern: /Verify with another device/ },
		{
			what: 'a new device opens at “Confirm your digital identity”',
			pattern: /opens at “Verify this device”/
		},
		{ what: 'the profile’s “Verify” → “Verify User”', pattern: /“Verify”(?! by| on )/ },
		{ what: 'a failed verification: “Got it”', pattern: /Press “OK”/ },
		{
			what: 'no shield on group rooms or unverified chats',
			pattern: /\bgrey\b|turns? green|turned red|red shield/
		},
		{ what: 'the composer marks only unencrypted rooms', pattern: /will be encrypted/ }
	],
	de: [
		{ what: 'Schlüsselsicherung → Schlüsselspeicher', pattern: /Schlüsselsicherung/ },
		{ what: 'Sicherheitsschlüssel → Wiederherstellungsschlüssel', pattern: /Sicherheitsschlüssel/ },
		{ what: 'Aus Sicherung wiederherstellen', pattern: /Aus Sicherung wiederherstellen/ },
		{ what: 'Benutzermenü → Sicherheit → Verschlüsselung', pattern: /„Benutzermenü“ → „Sicherheit“/ },
		{
			what: 'Raum hinzufügen → Neue Unterhaltung',
			pattern: /Raum hinzufügen|Neue Unterhaltung beginnen|„Raum erstellen“/
		},
		{ what: 'Rauminfo → Chatinformationen', pattern: /Rauminfo/ },
		{ what: 'Sitzung verifizieren → Bestätige deine digitale Identität', pattern: /Sitzung verifizieren/ },
		{
			what: 'Mit anderem Gerät verifizieren → Anderes Gerät verwenden',
			pattern: /Mit anderem Gerät verifizieren/
		},
		{ what: 'Verifizieren → Nutzer verifizieren', pattern: /„Verifizieren“(?! im Hinweis)/ },
		{ what: 'Sie passen (nicht) zueinander → Sie stimmen (nicht) überein', pattern: /zueinander/ },
		{ what: 'eine fehlgeschlagene Verifizierung: „Verstanden“', pattern: /Drücke (?:auf dem Laptop )?„OK“/ },
		{
			what: 'kein Schild bei Gruppen und unverifizierten Chats',
			pattern: /\bgrau|grün wird|wird grün|rot geworden|rote[ns]? Schild/
		},
		{
			what: 'das Eingabefeld markiert nur unverschlüsselte Chats',
			pattern: /dass deine Nachricht verschlüsselt wird/
		}
	]
};

describe('the lessons in today’s Element (2026)', () => {
	const all = LESSONS.flatMap((classic) => {
		const today = textsOf(inEdition(classic, '2026'));
		return textsOf(classic).map((c, i) => ({
			lesson: classic.id,
			// A lesson of today's Element only: every text of it is a 2026 text.
			only2026: !inCourse(classic, 'classic'),
			where: c.where,
			classic: c.text,
			today: today[i]!.text
		}));
	});

	it.each(['en', 'de'] as const)(
		'%s: a text that names a classic control or signal has a 2026 text, and no 2026 text names one',
		(locale) => {
			const missing: string[] = [];
			const wrong: string[] = [];
			for (const t of all) {
				const where = `${t.lesson} ${t.where}`;
				const classic = t.classic({}, { locale });
				const today = t.today({}, { locale });
				const named = CLASSIC_ONLY[locale].filter((c) => c.pattern.test(classic));
				if (named.length && t.today === t.classic && !t.only2026)
					missing.push(`${where}: ${named.map((c) => c.what).join(', ')}`);
				for (const c of CLASSIC_ONLY[locale])
					if ((t.today !== t.classic || t.only2026) && c.pattern.test(today))
						wrong.push(`${where}: ${c.what}`);
			}
			expect(missing, 'texts without a 2026 text').toEqual([]);
			expect(wrong, '2026 texts that name a classic control').toEqual([]);
		}
	);

	it('uses every 2026 message of the lessons, and gives each one in both languages', () => {
		const dir = new URL('../../../messages/lessons/', import.meta.url);
		const read = (lesson: string, locale: string) =>
			JSON.parse(readFileSync(new URL(`${lesson}/${locale}.json`, dir), 'utf8')) as Record<string, string>;
		const used = new Set(
			LESSONS.flatMap((l) => textsOf(inEdition(l, '2026')).map((t) => t.text({}, { locale: 'en' })))
		);
		for (const lesson of readdirSync(dir)) {
			const en = read(lesson, 'en');
			const de = read(lesson, 'de');
			for (const key of Object.keys(en).filter((k) => k.endsWith('_2026'))) {
				expect(used.has(en[key]!), `${lesson} ${key} is shown by no lesson`).toBe(true);
				expect(de[key]?.trim(), `${lesson} ${key} in German`).toBeTruthy();
			}
		}
	});
});
