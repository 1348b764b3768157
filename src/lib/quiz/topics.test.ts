/**
 * The quiz asks only what the course practises: every question has a topic, every topic names lesson steps that
 * exist, and no situation turns on a rule no lesson lets the learner meet.
 */
import { describe, expect, it } from 'vitest';
import { lessonById, lessonsIn } from '../lessons/catalog';
import { QUESTIONS } from './questions';
import { STORIES, SITUATIONS, story } from './situations';
import { PRACTISED_IN, type Topic } from './topics';

describe('quiz topics', () => {
	it('gives every question a topic that some lesson step practises', () => {
		for (const q of QUESTIONS) {
			const places = PRACTISED_IN[q.topic];
			expect(places, `${q.id}: topic ${q.topic}`).toBeDefined();
			expect(places.length, `${q.id}: ${q.topic} is practised nowhere`).toBeGreaterThan(0);
		}
	});

	it('names only lessons and steps that exist (a step, not a mistake)', () => {
		for (const [topic, places] of Object.entries(PRACTISED_IN)) {
			for (const { lesson, step } of places) {
				const found = lessonById(lesson);
				expect(found, `${topic}: no lesson ${lesson}`).toBeDefined();
				expect(
					found!.steps.map((s) => s.id),
					`${topic}: lesson ${lesson} has no step ${step}`
				).toContain(step);
			}
		}
	});

	it('has no topic without a question, and every lesson that teaches shields or verification is asked about', () => {
		const asked = new Set<Topic>(QUESTIONS.map((q) => q.topic));
		expect(Object.keys(PRACTISED_IN).filter((t) => !asked.has(t as Topic))).toEqual([]);
		const practised = new Set(Object.values(PRACTISED_IN).flatMap((ps) => ps.map((p) => p.lesson)));
		// The classic quiz against the classic course; the lessons only today's Element has are outside it.
		const unasked = lessonsIn('classic')
			.map((l) => l.id)
			.filter((id) => !practised.has(id));
		// Creating a room and scanning a QR code are practised, but the quiz is about shields and emoji.
		expect(unasked.sort()).toEqual(['create-encrypted-room', 'qr-code']);
	});

	it('asks no situation that turns on the learner’s own unverified session (no lesson shows that rule)', () => {
		for (const spec of SITUATIONS) {
			const steps = story(spec.story).steps.slice(0, spec.after);
			expect(
				steps.filter((s) => 'who' in s && s.who === 'me'),
				spec.id
			).toEqual([]);
		}
		expect(STORIES.some((s) => s.room.kind === 'solo')).toBe(false);
	});
});
