import { describe, expect, it } from 'vitest';
import { locales } from '$lib/paraglide/runtime';
import { SAS_EMOJI_COUNT } from '../device/sas-emoji';
import answerKey from './answer-key.json';
import { QUESTIONS, buildQuestions, differingPositions, questionById } from './questions';
import { SITUATIONS } from './situations';
import { QUESTION_KINDS, type AnswerKey, type Question, type Text } from './types';

const key = answerKey as AnswerKey;

/** Every text a learner can see for a question, with a label for failures. */
function textsOf(q: Question): [string, Text][] {
	const texts: [string, Text][] = [
		['prompt', q.prompt],
		['explanation', q.explanation],
		...q.choices.map((c): [string, Text] => [`choice ${c.id}`, c.text])
	];
	if (q.kind === 'situation')
		texts.push(['setup', q.setup], ...q.steps.map((s, i): [string, Text] => [`step ${i}`, s]));
	if ((q.kind === 'meaning' || q.kind === 'action') && q.scene && 'body' in q.scene)
		texts.push(['body', q.scene.body]);
	return texts;
}

describe('the question pool', () => {
	it('has at least 30 questions, of all four kinds', () => {
		expect(QUESTIONS.length).toBeGreaterThanOrEqual(30);
		const counts = Object.fromEntries(
			QUESTION_KINDS.map((k) => [k, QUESTIONS.filter((q) => q.kind === k).length])
		);
		expect(counts).toEqual({ meaning: 11, situation: 18, action: 9, emoji: 6 });
	});

	it('has unique ids, unique choices and a right answer among them', () => {
		expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(QUESTIONS.length);
		for (const q of QUESTIONS) {
			const ids = q.choices.map((c) => c.id);
			expect(new Set(ids).size, q.id).toBe(ids.length);
			expect(ids, q.id).toContain(q.correct);
			expect(ids.length, q.id).toBeGreaterThanOrEqual(2);
			expect(questionById(q.id)).toBe(q);
		}
	});

	it('reads in English and in German, with every placeholder filled', () => {
		for (const q of QUESTIONS) {
			for (const [label, text] of textsOf(q)) {
				const rendered = locales.map((locale) => text(locale));
				for (const [i, s] of rendered.entries()) {
					expect(s.trim(), `${q.id} ${label} (${locales[i]})`).not.toBe('');
					expect(s, `${q.id} ${label} (${locales[i]})`).not.toMatch(/[{}]|undefined/);
				}
				// Prompts and explanations are translated, not copied.
				if (label === 'prompt' || label === 'explanation') {
					expect(text('de'), `${q.id} ${label}`).not.toBe(text('en'));
				}
			}
		}
	});

	it('takes every situation answer from the computed key', () => {
		for (const spec of SITUATIONS) {
			const q = questionById(spec.id)!;
			expect(q.kind).toBe('situation');
			expect(q.correct).toBe(key[spec.id]!.shield);
			expect(q.choices.every((c) => c.shield)).toBe(true);
		}
		const { [SITUATIONS[0]!.id]: _dropped, ...incomplete } = key;
		expect(() => buildQuestions(incomplete)).toThrow(/quiz:answers/);
	});

	it('covers every room shield and every member shield among the situations', () => {
		const room = new Set(SITUATIONS.filter((s) => s.ask.of === 'room').map((s) => key[s.id]!.shield));
		const member = new Set(SITUATIONS.filter((s) => s.ask.of === 'member').map((s) => key[s.id]!.shield));
		expect([...room].sort()).toEqual(['none', 'normal', 'verified', 'warning']);
		expect([...member].sort()).toEqual(['normal', 'verified', 'warning']);
	});

	it('explains a situation with the people the world found', () => {
		const red = questionById('sit-team-4-room')!;
		expect(red.explanation('en')).toMatch(/^Red:.*Dave, whom you verified, uses a session/);
		expect(red.explanation('de')).toMatch(/^Rot:.*Dave ist von dir verifiziert/);
		const grey = questionById('sit-team-1-room')!;
		expect(grey.explanation('en')).toContain('Not verified: Carol and Dave.');
		expect(grey.explanation('de')).toContain('Nicht verifiziert: Carol und Dave.');
		expect(questionById('sit-strangers-1-room')!.explanation('en')).toContain('never turn anything red');
		expect(questionById('sit-dm-tablet-room')!.explanation('en')).toContain(
			'Bob, whom you verified, uses a session'
		);
		expect(questionById('sit-reset-4-room')!.explanation('en')).toContain('Withdraw verification');
	});

	it('shows each meaning question the shield its answer is about', () => {
		for (const q of QUESTIONS) {
			if (q.kind !== 'meaning') continue;
			expect(q.correct).toBe(`${q.scene.place}-${q.scene.shield}`);
		}
	});

	it('compares real spec emoji, sometimes with one differing', () => {
		const emoji = QUESTIONS.filter((q) => q.kind === 'emoji');
		for (const q of emoji) {
			expect(q.mine).toHaveLength(7);
			expect(q.theirs).toHaveLength(7);
			for (const i of [...q.mine, ...q.theirs]) expect(i >= 0 && i < SAS_EMOJI_COUNT).toBe(true);
			const differ = differingPositions(q.mine, q.theirs);
			expect(q.correct).toBe(differ.length ? 'mismatch' : 'match');
		}
		const diffs = emoji.map((q) => differingPositions(q.mine, q.theirs).length);
		expect(diffs.filter((d) => d === 0).length).toBeGreaterThanOrEqual(2);
		expect(diffs.filter((d) => d === 1).length).toBeGreaterThanOrEqual(3);
		const plane = questionById('emoji-carol-plane')!;
		expect(plane.explanation('en')).toContain('Place 4: you see Aeroplane, Carol reads out Rocket.');
		expect(plane.explanation('de')).toContain('Stelle 4: Du siehst Flugzeug, Carol liest Rakete vor.');
	});
});
