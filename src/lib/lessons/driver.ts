/**
 * Doing a lesson's steps as the learner would, through world commands: the lesson path tests do it in Node, and the
 * lesson page does it to bring a learner who comes back (or retries after an undoable move) to the step they were
 * on. Each lesson has a solution: for each step, the learner's moves; for each wrong move, how to make it.
 */
import type { CommandResult, DeviceCommand, WorldCommand } from '../world/commands';
import { LEARNER_PHONE } from '../scenario/sandbox';
import type { Lesson, LessonView } from './types';
import type { LessonRoom } from './view';

/** A learner's command without the device: the driver fills in the learner and the device. */
export type LearnerCommand = DeviceCommand;

export interface LessonDriver {
	readonly learner: string;
	/** A person's user id by localpart. */
	userIdOf(localpart: string): string;
	/** Sends a command as the learner on one of their devices (the phone by default); a failure throws. */
	act(command: LearnerCommand, deviceId?: string): Promise<unknown>;
	/** Sends any world command (a call, a nudge); a failure throws. */
	send(command: WorldCommand): Promise<unknown>;
	/** Lets the world (and the contacts' time) go on until `until` holds; throws, naming `what`, if it never does. */
	waitFor(what: string, until: (view: LessonView) => boolean): Promise<LessonView>;
	view(): Promise<LessonView>;
}

export type SolutionMove = (driver: LessonDriver) => Promise<void>;

export interface LessonSolution {
	/** By step id: the learner's moves that complete the step. */
	steps: Record<string, SolutionMove>;
	/** By alternative id: the other way to finish a step. */
	alternatives?: Record<string, SolutionMove>;
	/** By mistake id: the wrong move. */
	mistakes?: Record<string, SolutionMove>;
}

/** The learner's screen on a device now shows this (the page reports it as the learner opens rooms and profiles). */
export async function lookAt(
	d: LessonDriver,
	screen: { roomId?: string; profile?: string; verifyLater?: boolean },
	deviceId = LEARNER_PHONE
): Promise<void> {
	await d.act({ type: 'screen', screen }, deviceId);
}

/** The id of the room `find` picks in the learner's view now; throws `missing` when there is none. */
export async function roomIdOf(
	d: LessonDriver,
	find: (view: LessonView) => LessonRoom | undefined,
	missing: string
): Promise<string> {
	const room = find(await d.view());
	if (!room) throw new Error(missing);
	return room.roomId;
}

/** The learner writes `body` in the room `find` picks (throws `missing` when there is none). */
export async function writeIn(
	d: LessonDriver,
	find: (view: LessonView) => LessonRoom | undefined,
	body: string,
	missing: string
): Promise<void> {
	await d.act({ type: 'sendText', roomId: await roomIdOf(d, find, missing), body });
}

export class LessonDriverError extends Error {}

/** A command result as a value, or an error that says which command failed and why. */
export function valueOf(command: WorldCommand, result: CommandResult): unknown {
	if (result.ok) return result.value;
	throw new LessonDriverError(`${command.type} failed: ${result.error.message}`);
}

export function learnerCommand(
	learner: string,
	command: LearnerCommand,
	deviceId = LEARNER_PHONE
): WorldCommand {
	return { ...command, userId: learner, deviceId } as WorldCommand;
}

/** Does step `index` as the learner would: its move from the solution, then waits until the world shows it done. */
export async function doStep(
	lesson: Lesson,
	solution: LessonSolution,
	driver: LessonDriver,
	index: number
): Promise<void> {
	const step = lesson.steps[index]!;
	const move = solution.steps[step.id];
	if (!move) throw new LessonDriverError(`No solution for step ${step.id} of ${lesson.id}.`);
	await move(driver);
	await driver.waitFor(`${lesson.id}: ${step.id}`, step.done);
}

/** Does the steps before `upTo` as the learner would, each until the world shows it done. */
export async function replaySteps(
	lesson: Lesson,
	solution: LessonSolution,
	driver: LessonDriver,
	upTo: number,
	onStep?: (index: number) => void
): Promise<void> {
	for (let i = 0; i < Math.min(upTo, lesson.steps.length); i++) {
		onStep?.(i);
		await doStep(lesson, solution, driver, i);
	}
}
