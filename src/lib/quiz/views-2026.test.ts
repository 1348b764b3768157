/**
 * The 2026 quiz can never drift from the world or from today's Element's rules: every story is played in a real
 * world (real crypto, real emoji verification, "Exclude insecure devices" enforced by the library) and read through
 * the 2026 client's own rules (edition-view.ts); what it shows must be views-2026.json, which the quiz page ships and
 * draws its answers and pictures from. After changing a story or a rule: `npm run quiz:answers`, then review the diff.
 */
import { describe, expect, it } from 'vitest';
import committed from './views-2026.json';
import { runStory2026 } from './compute-views-2026';
import { STORIES_2026, VIEWS_ASKED_2026, type Views2026 } from './stories-2026';
import { checkStoredKey, WRITE } from './test-support';
import type { ActionQuestion, Scene2026 } from './types';

const key = committed as Views2026;

describe('the 2026 views agree with real worlds', () => {
	checkStoredKey({
		committed: key,
		file: new URL('./views-2026.json', import.meta.url),
		asked: VIEWS_ASKED_2026,
		coverage: 'has a view for every one the questions read, and nothing else',
		stories: STORIES_2026,
		askedOf: (story) => VIEWS_ASKED_2026.filter((k) => k.startsWith(`${story.id}@`)),
		play: runStory2026
	});

	it('the questions built from the committed views ask what the lessons teach', async () => {
		if (WRITE) return;
		const { buildQuestions2026 } = await import('./questions-2026');
		const qs = buildQuestions2026(key);
		const answer = (id: string) => qs.find((q) => q.id === id)?.correct;
		// The rules of today's Element, as the worlds showed them: nothing for a stranger, Verified, Untrusted for an
		// unverified device, Verified again; nothing on a group; Dave's red badge; Dismiss, then Withdraw first.
		expect(['t26-header-dm-0', 't26-header-dm-1', 't26-header-dm-2', 't26-header-dm-3'].map(answer)).toEqual([
			'none',
			'verified',
			'untrusted',
			'verified'
		]);
		expect(answer('t26-header-team-3')).toBe('none');
		expect(answer('t26-group-members')).toBe('Dave');
		expect([answer('t26-banner-resets-2'), answer('t26-banner-resets-3')]).toEqual(['dismiss', 'withdraw']);
		expect(answer('t26-composer')).toBe('lobby');
		for (const q of qs)
			expect(
				q.choices.map((c) => c.id),
				q.id
			).toContain(q.correct);
	});

	it('the member list of a 2026 scene draws no grey shield: someone not verified yet has no mark', async () => {
		if (WRITE) return;
		const { buildQuestions2026 } = await import('./questions-2026');
		// The committed group has no such member; the same view with Carol not verified yet shows the rule.
		const team = key['team@4']!;
		const carolUnverified = { ...key, 'team@4': { ...team, members: { ...team.members, carol: 'normal' } } };
		for (const views of [key, carolUnverified as Views2026]) {
			const q = buildQuestions2026(views).find((x) => x.id === 't26-group-members') as ActionQuestion;
			const scene = q.scene as Extract<Scene2026, { place: 'room-2026' }>;
			const marks = Object.fromEntries(scene.members.map((mb) => [mb.person, mb.shield]));
			expect(marks).toEqual({
				Bob: 'verified',
				Carol: views === key ? 'verified' : undefined,
				Dave: 'warning'
			});
		}
	});
});
