/**
 * For lesson tests in Node: a lesson's world (its scenario, real crypto, the contacts on XState's simulated clock)
 * and a driver that acts as the learner and lets the contacts' time pass while it waits.
 */
import { afterEach } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { Locale } from '../paraglide/runtime';
import { dispatch, type WorldCommand } from '../world/commands';
import { LEARNER } from '../scenario/sandbox';
import { World } from '../world/world';
import { learnerCommand, LessonDriverError, valueOf, type LessonDriver } from './driver';
import type { Lesson, LessonView } from './types';
import { lessonView } from './view';

export interface LessonWorld {
	world: World;
	clock: SimulatedClock;
	driver: LessonDriver;
	/** Contact time that passed while waiting (ms). */
	waited(): number;
}

/** How much of the contacts' time passes per round while waiting, and how long before giving up. */
const STEP_MS = 250;
const LIMIT_MS = 15 * 60_000;

export async function lessonWorld(lesson: Lesson, locale: Locale = 'en'): Promise<LessonWorld> {
	const clock = new SimulatedClock();
	const world = await World.create({ contactClock: clock, locale });
	await world.setup(lesson.scenario(locale));
	const learner = world.userId(LEARNER);
	let waited = 0;
	const view = async (): Promise<LessonView> => lessonView(await world.snapshot([LEARNER]), learner);
	const send = async (command: WorldCommand) => valueOf(command, await dispatch(world, command));
	const driver: LessonDriver = {
		learner,
		userIdOf: (localpart) => world.userId(localpart),
		send,
		act: (command, deviceId) => send(learnerCommand(learner, command, deviceId)),
		view,
		async waitFor(what, until) {
			for (let t = 0; t <= LIMIT_MS; t += STEP_MS) {
				const v = await view();
				if (until(v)) return v;
				clock.increment(STEP_MS);
				waited += STEP_MS;
				await world.tick();
			}
			throw new LessonDriverError(`Waited ${LIMIT_MS / 60_000} minutes for: ${what}`);
		}
	};
	for (const command of lesson.start?.((localpart) => world.userId(localpart)) ?? []) await send(command);
	return { world, clock, driver, waited: () => waited };
}

/** A test file's lesson worlds: `open(lesson)` makes one, and each is closed after the test that opened it. */
export function lessonWorlds(): (lesson: Lesson) => Promise<LessonWorld> {
	const opened: LessonWorld[] = [];
	afterEach(() => {
		for (const lw of opened.splice(0)) lw.world.close();
	});
	return async (lesson) => {
		const lw = await lessonWorld(lesson);
		opened.push(lw);
		return lw;
	};
}
