/**
 * The quiz can never drift from the shield rules: every "which shield …?" situation is run in a real world (real
 * crypto, real emoji verification) and the shield read there must be the one in answer-key.json, which the quiz page
 * ships. After changing a story or the rules, regenerate the key with `npm run quiz:answers` and review the diff.
 */
import { describe } from 'vitest';
import committed from './answer-key.json';
import { runStory } from './compute-answers';
import { SITUATIONS, STORIES } from './situations';
import { checkStoredKey } from './test-support';
import type { AnswerKey } from './types';

describe('the answer key agrees with real worlds', () => {
	checkStoredKey({
		committed: committed as AnswerKey,
		file: new URL('./answer-key.json', import.meta.url),
		asked: SITUATIONS.map((s) => s.id),
		coverage: 'has an answer for every situation question and nothing else',
		stories: STORIES,
		askedOf: (story) => SITUATIONS.filter((s) => s.story === story.id).map((s) => s.id),
		play: (story) => runStory(story)
	});
});
