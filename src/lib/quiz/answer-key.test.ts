/**
 * The quiz can never drift from the shield rules: every "which shield …?" situation is run in a real world (real
 * crypto, real emoji verification) and the shield read there must be the one in answer-key.json, which the quiz page
 * ships. After changing a story or the rules, regenerate the key with `npm run quiz:answers` and review the diff.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import committed from './answer-key.json';
import { runStory } from './compute-answers';
import { SITUATIONS, STORIES } from './situations';
import type { AnswerKey } from './types';

const WRITE = process.env.QUIZ_WRITE_ANSWERS === '1';
const key = committed as AnswerKey;
const found: AnswerKey = {};

describe('the answer key agrees with real worlds', () => {
	it('has an answer for every situation question and nothing else', () => {
		if (WRITE) return;
		expect(Object.keys(key).sort()).toEqual(SITUATIONS.map((s) => s.id).sort());
	});

	for (const story of STORIES) {
		const questions = SITUATIONS.filter((s) => s.story === story.id).map((s) => s.id);
		it(`story "${story.id}": ${questions.join(', ')}`, async () => {
			const answers = await runStory(story);
			Object.assign(found, answers);
			expect(Object.keys(answers).sort()).toEqual([...questions].sort());
			if (!WRITE) for (const id of questions) expect(answers[id], id).toEqual(key[id]);
		});
	}

	afterAll(() => {
		if (!WRITE) return;
		const ordered: AnswerKey = {};
		for (const s of SITUATIONS) if (found[s.id]) ordered[s.id] = found[s.id]!;
		writeFileSync(new URL('./answer-key.json', import.meta.url), `${JSON.stringify(ordered, null, '\t')}\n`);
	});
});
