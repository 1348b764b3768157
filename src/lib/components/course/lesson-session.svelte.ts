/**
 * One lesson, running: the step machine fed with every snapshot of the lesson's world, progress saved as steps
 * complete, the world kept in the browser with the lesson's place in it, and what the page does for the learner:
 * bring them back to the step they left (the kept world restored as it was; without a usable one, their steps redone
 * through a fresh world — either way as far as the world is at rest there), set the situation up again after a wrong
 * move that cannot be undone, and restart. The lesson page's components only lay it out (see `getLessonSession`).
 */
import { untrack } from 'svelte';
import type { Actor, SnapshotFrom } from 'xstate';
import { nextTask } from '$lib/components/ui/next-task';
import { edition } from '$lib/i18n/edition.svelte';
import { locale } from '$lib/i18n/locale.svelte';
import { inEdition, outlineIn } from '$lib/lessons/edition-texts';
import { loadLessonModule } from '$lib/lessons/lesson-modules';
import type { LessonMachine } from '$lib/lessons/lesson.machine';
import { OUTLINE } from '$lib/lessons/outline';
import { resumePoint } from '$lib/lessons/progress';
import {
	asLessonNote,
	finishedFlows,
	LESSON_NOTE_VERSION,
	noteAgrees,
	redoSteps,
	verificationOpen,
	withRemembered,
	type LessonNote,
	type RememberedFlows
} from '$lib/lessons/resume';
import { inCourse, type Lesson, type LessonView, type TakenAlternatives } from '$lib/lessons/types';
import { lessonView, userIdOf } from '$lib/lessons/view';
import { LEARNER } from '$lib/scenario/sandbox';
import { typedContext } from '$lib/typed-context';
import type { WorldBridge } from '$lib/world-bridge';
import type { WorldSnapshot } from '$lib/world/world';
import type { CourseProgress } from './course-progress.svelte';
import type * as lessonActor from './lesson-actor';
import { pageDriver } from './page-driver';
import { progressStream, type ProgressStream } from './progress-stream';

type LessonActorModule = typeof lessonActor;

/** What the session does on the learner's behalf, while the client waits. */
export type SessionBusy = 'starting' | 'replaying' | 'rebuilding';

/**
 * What the page tells the learner about the lesson itself: it is back as they left it (`restored`), except an
 * unfinished verification (`restored-verification`); or, without a usable kept world, their steps were redone
 * (`resumed`, `resumed-verification`; `resumed-stale` when the kept world was of an older version, `stale` when there
 * were no steps to redo), or could not be (`replay-failed`); or the lesson begins again (`restarted`).
 */
export type SessionNoticeKind =
	| 'restored'
	| 'restored-verification'
	| 'resumed'
	| 'resumed-verification'
	| 'resumed-stale'
	| 'stale'
	| 'replay-failed'
	| 'restarted';

/** Where a lesson's world is kept in the browser: one per lesson and Element edition. */
export const keptLessonName = (lessonId: string, edition: string): string => `lesson|${lessonId}|${edition}`;

export interface LessonSessionDeps {
	world: WorldBridge;
	/** The learner's user id once the world has them. */
	learnerId: () => string | undefined;
	progress: CourseProgress;
	/** Called before each new world: the screens and the language follower start afresh. */
	onNewWorld?: () => void;
	now?: () => number;
	/** Where the session tells of a lesson's start, wrong moves and hints (default: the tab's stream). */
	stream?: ProgressStream;
}

export class LessonSession {
	readonly lesson: Lesson;
	/**
	 * The lesson's place in the course of the learner's Element edition (1-based; 0 when that course does not have
	 * it), the course's length, and the lesson after it there. Read from the course's outline: a lesson page loads no
	 * other lesson (see lessons/lesson-modules.ts).
	 */
	readonly course = $derived.by(() => OUTLINE.filter((l) => inCourse(l, edition.current)));
	readonly number = $derived.by(() => this.course.findIndex((l) => l.id === this.lesson.id) + 1);
	readonly total = $derived.by(() => this.course.length);
	readonly next = $derived.by(() => (this.number ? this.course[this.number] : undefined));

	readonly #deps: LessonSessionDeps;
	readonly #now: () => number;
	/**
	 * The step machine, made once its module has loaded (`#machineReady`), after the page is hydrated: until then the
	 * lesson is at its first step, as the machine starts, with no hint shown and nothing seen.
	 */
	#actor: Actor<LessonMachine> | undefined;
	#steps: LessonActorModule | undefined;
	#loading: Promise<Actor<LessonMachine>> | undefined;
	#stopped = false;
	/** The step machine's latest snapshot (replaced as a whole on every change); undefined until it runs. */
	#machine = $state.raw<SnapshotFrom<LessonMachine>>();

	#busy = $state<SessionBusy | undefined>('starting');
	#replayed = $state(0);
	#replayTarget = $state(0);
	#notice = $state<{ kind: SessionNoticeKind; step: number } | undefined>();
	#redoneKey = $state<string | undefined>();
	#attempt = $state(0);
	/**
	 * The world is being set up and the lesson's start commands sent: the world before them (Erin before her reset)
	 * is no shield the learner met in the lesson, so the step machine does not see it.
	 */
	#starting = $state(false);

	readonly step = $derived.by(() =>
		this.#machine && this.#steps ? this.#steps.stepIndex(this.#machine.value, this.lesson.steps.length) : 0
	);
	readonly mistake = $derived.by(() =>
		this.#machine && this.#steps ? this.#steps.mistakeOf(this.#machine.value) : undefined
	);
	readonly complete = $derived.by(() => this.step >= this.lesson.steps.length);

	/**
	 * The lesson as the learner reads it, in their Element edition (switching re-renders the texts at once; the steps
	 * and their predicates are the same in both), and the lesson after it.
	 */
	readonly texts = $derived.by(() => inEdition(this.lesson, edition.current));
	readonly nextTexts = $derived.by(() => this.next && outlineIn(this.next, edition.current));

	/** The step and attempt last saved, so that a snapshot that changes neither writes nothing. */
	#saved = '';
	/** The name the lesson's world is kept under (fixed at the start: the edition the learner opened it in). */
	#keptAs = '';
	/** The step to go on at after a reload: the current one, or where a verification still open began. */
	#restStep = 0;
	/** The learner's finished verifications a restored world has forgotten (see `withRemembered`). */
	#remembered: RememberedFlows[] = [];
	/** The note last kept with the world, so that a snapshot that changes nothing sends nothing. */
	#noteKey = '';

	constructor(lesson: Lesson, deps: LessonSessionDeps) {
		this.lesson = lesson;
		this.#deps = deps;
		this.#now = deps.now ?? Date.now;
	}

	/**
	 * The step machine, started: its module is loaded and the machine built on first need — from `start`, in a task
	 * of its own after the page's hydration (it was a fifth of a lesson page's hydration), while the world starts.
	 */
	#machineReady(): Promise<Actor<LessonMachine>> {
		this.#loading ??= import('./lesson-actor').then(async (steps) => {
			// Building the states and computing the first snapshot are two tasks, each well under a long one.
			const machine = steps.lessonMachine(this.lesson);
			await nextTask();
			const actor = steps.lessonActor(machine, this.lesson);
			this.#steps = steps;
			this.#actor = actor;
			this.#machine = actor.getSnapshot();
			actor.subscribe((s) => {
				const before = this.#machine ?? s;
				this.#machine = s;
				this.#save();
				this.#keepPlace();
				this.#tellWrongMove(steps, before, s);
			});
			if (!this.#stopped) actor.start();
			return actor;
		});
		return this.#loading;
	}

	/** Every snapshot of the world goes to the step machine: a step completes when the world shows it done. */
	observe(snapshot: WorldSnapshot | undefined, learner: string | undefined): void {
		// Untracked: called from the page's effect, which must depend on the snapshot (and on the set-up ending)
		// alone, not on what the machine and the saving read and write in turn.
		if (snapshot && learner && !this.#starting) untrack(() => this.#feed(snapshot, learner));
	}

	#feed(snapshot: WorldSnapshot, learner: string): void {
		this.#actor?.send({
			type: 'WORLD',
			view: withRemembered(lessonView(snapshot, learner), this.#remembered)
		});
	}

	/**
	 * The lesson's place is kept with its world (the worker stores it in the same record), as it changes: the step, the
	 * step to go on at (before a verification still open), and the verifications finished. Not while the world is set
	 * up or steps are redone (the worker then keeps no note, and a reload redoes the steps).
	 */
	#keepPlace(): void {
		const machine = this.#machine;
		if (!machine || !this.#steps) return;
		if (this.#busy || this.#starting || this.#deps.world.status !== 'ready') return;
		const count = this.lesson.steps.length;
		const place = this.#steps.placeOf(machine, count);
		const view = machine.context.view as LessonView | undefined;
		if (place.step < this.#restStep || (view && !verificationOpen(view))) this.#restStep = place.step;
		const note: LessonNote = {
			version: LESSON_NOTE_VERSION,
			lessonId: this.lesson.id,
			attempt: this.#attempt,
			place,
			restStep: this.#restStep,
			saved: Math.max(place.step, this.#deps.progress.lesson(this.lesson.id)?.step ?? 0),
			flows: view ? finishedFlows(view) : this.#remembered
		};
		const key = JSON.stringify(note);
		if (key === this.#noteKey) return;
		this.#noteKey = key;
		untrack(() => this.#deps.world.keepNote(note));
	}

	/**
	 * Progress is saved as the learner moves on; not while the world is set up or steps are redone (the saved step
	 * never drops while that happens).
	 */
	#save(): void {
		if (!this.#machine || this.#busy || this.#deps.world.status !== 'ready') return;
		const step = this.step;
		const key = `${this.#attempt}:${step}`;
		if (key === this.#saved) return;
		this.#saved = key;
		const attempt = this.#attempt;
		untrack(() => this.#deps.progress.record(this.lesson.id, step, this.lesson.steps.length, attempt));
	}

	/** Done on the learner's behalf: saving goes on from where the session is. */
	#idle(): void {
		this.#busy = undefined;
		this.#save();
		this.#keepPlace();
	}

	get #stream(): ProgressStream {
		return this.#deps.stream ?? progressStream;
	}

	/** A wrong move the learner made (not one redone on their behalf) is told to the progress stream. */
	#tellWrongMove(
		steps: LessonActorModule,
		before: SnapshotFrom<LessonMachine>,
		after: SnapshotFrom<LessonMachine>
	): void {
		const move = steps.mistakeOf(after.value);
		if (!move || move === steps.mistakeOf(before.value) || this.#busy) return;
		const step = steps.stepIndex(after.value, this.lesson.steps.length);
		untrack(() => this.#stream.emit({ type: 'wrong-move', lessonId: this.lesson.id, step, move }));
	}

	/** The learner works in the lesson from this step on (after a start, a resume or a restart). */
	#tellStart(): void {
		if (this.#deps.world.status !== 'ready') return;
		const { id, steps } = this.lesson;
		untrack(() =>
			this.#stream.emit({ type: 'lesson-start', lessonId: id, step: this.step, stepCount: steps.length })
		);
	}

	/** Hints shown for the current step. */
	get hints(): number {
		return this.#machine?.context.hints ?? 0;
	}

	/** A minute passed without progress: a hint is offered. */
	get hintOffered(): boolean {
		return this.#machine?.context.hintOffered ?? false;
	}

	/** Steps the learner finished another way (withdrawing instead of verifying). */
	get taken(): TakenAlternatives {
		return this.#machine?.context.taken ?? NOTHING_TAKEN;
	}

	/** The room shields the learner saw during the lesson. */
	get shields(): string[] {
		return this.#machine?.context.shields ?? NO_SHIELDS;
	}

	get busy(): SessionBusy | undefined {
		return this.#busy;
	}

	/** No step can be taken: the session is busy, or the world is not running. */
	get blocked(): boolean {
		return !!this.#busy || this.#deps.world.status !== 'ready';
	}

	/** While redoing: which step, of how many. */
	get replayed(): number {
		return this.#replayed;
	}

	get replayTarget(): number {
		return this.#replayTarget;
	}

	/** The notice, while the learner is still on the step it was given at (it goes once they move on). */
	get notice(): SessionNoticeKind | undefined {
		const n = this.#notice;
		return n && n.step === this.step ? n.kind : undefined;
	}

	/** The Security Key of a Secure Backup that redoing set up (the learner never saw it), until the lesson ends. */
	get redoneKey(): string | undefined {
		return this.#busy || this.complete ? undefined : this.#redoneKey;
	}

	/** The attempt the steps are saved in (see lessons/progress.ts). */
	get attempt(): number {
		return this.#attempt;
	}

	/** Starts the step machine and the lesson's world, resuming where the learner left. */
	start(): Promise<void> {
		void this.#machineReady();
		return this.#begin();
	}

	/** Leaving the page. */
	stop(): void {
		this.#stopped = true;
		this.#actor?.stop();
		this.#deps.world.destroy();
	}

	hint(): void {
		const actor = this.#actor;
		if (!actor) {
			// Pressed before the step machine runs (it loads after the page is shown): shown as soon as it does.
			void this.#machineReady().then(() => this.hint());
			return;
		}
		const before = this.hints;
		actor.send({ type: 'HINT' });
		// Told only when the lesson showed one (the step has hints left).
		if (this.hints > before) this.#stream.emit({ type: 'hint', lessonId: this.lesson.id, step: this.step });
	}

	dismissNotice(): void {
		this.#notice = undefined;
	}

	/** "Try again" after a wrong move: in place, or (a move that cannot be undone) in a world set up afresh. */
	async retry(): Promise<void> {
		const wrong = this.lesson.steps[this.step]?.mistakes?.find((mk) => mk.id === this.mistake);
		if (!wrong?.rebuild) {
			this.#actor?.send({ type: 'RETRY' });
			return;
		}
		this.#busy = 'rebuilding';
		if ((await this.#startWorld()) && (await this.#redo(wrong.rebuild.retryFrom)) !== undefined) {
			this.#actor?.send({ type: 'RETRY' });
		}
		this.#idle();
	}

	async restart(): Promise<void> {
		this.#notice = undefined;
		this.#busy = 'rebuilding';
		await this.#startOver();
		this.#notice = { kind: 'restarted', step: 0 };
		this.#idle();
		this.#tellStart();
	}

	async #begin(): Promise<void> {
		const { progress } = this.#deps;
		progress.open();
		const count = this.lesson.steps.length;
		const resume = resumePoint(progress.lesson(this.lesson.id), count, this.#now());
		this.#attempt = resume.attempt;
		this.#keptAs = keptLessonName(this.lesson.id, edition.current);
		this.#busy = 'starting';
		const started = await this.#startWorld(resume);
		if (!started) {
			this.#idle();
			return;
		}
		const stale = this.#deps.world.setupOutcome === 'stale';
		const resumeAt = Math.min(resume.step, count);
		if (started === 'restored') {
			// Back as it was: nothing redone. A verification that was open is gone (the contact says so in the chat).
			if (this.step < resumeAt) this.#notice = { kind: 'restored-verification', step: this.step };
			else if (resumeAt > 0) this.#notice = { kind: 'restored', step: this.step };
		} else if (resumeAt > 0) {
			this.#busy = 'replaying';
			const held = await this.#redo(resumeAt);
			if (held === undefined) {
				this.#notice = { kind: 'replay-failed', step: 0 };
				await this.#startOver();
			} else if (held < resumeAt) {
				// Left in the middle of a verification: resume before it, in a world at rest.
				this.#actor?.send({ type: 'RESTART' });
				const again = (await this.#startWorld()) ? await this.#redo(held) : undefined;
				if (again === held) {
					this.#notice = { kind: 'resumed-verification', step: held };
				} else {
					this.#notice = { kind: 'replay-failed', step: 0 };
					await this.#startOver();
				}
			} else {
				this.#notice = { kind: stale ? 'resumed-stale' : 'resumed', step: resumeAt };
			}
		} else if (stale) {
			this.#notice = { kind: 'stale', step: 0 };
		}
		this.#idle();
		this.#tellStart();
	}

	/**
	 * Sets the lesson's world up, kept in the browser. With `resume` (the saved progress), the kept world is restored
	 * if it agrees with it, and the lesson goes on where it was in it (`'restored'`); otherwise the world is built
	 * afresh, with the lesson's start commands (`'fresh'`). Undefined if the world could not start.
	 */
	async #startWorld(resume?: { step: number; attempt: number }): Promise<'restored' | 'fresh' | undefined> {
		const { world } = this.#deps;
		const scenario = () => this.lesson.scenario(locale.current);
		this.#redoneKey = undefined;
		this.#remembered = [];
		this.#restStep = 0;
		this.#noteKey = '';
		this.#deps.onNewWorld?.();
		this.#starting = true;
		try {
			let started = await world.start(scenario(), [LEARNER], { name: this.#keptAs, resume: !!resume });
			// The step machine, loading meanwhile, is needed from here on (the restored world's place goes to it).
			await this.#machineReady();
			if (started.ok && world.setupOutcome === 'restored') {
				if (resume && this.#goOn(resume)) return 'restored';
				// A kept world that does not agree with the saved progress: it goes, and the lesson starts afresh.
				this.#deps.onNewWorld?.();
				started = await world.start(scenario(), [LEARNER], { name: this.#keptAs, resume: false });
			}
			if (!started.ok) return undefined;
			const snapshot = world.snapshot;
			if (!snapshot) return undefined;
			for (const command of this.lesson.start?.((localpart) => userIdOf(snapshot, localpart) ?? localpart) ??
				[]) {
				await world.send(command);
			}
			return 'fresh';
		} finally {
			this.#starting = false;
		}
	}

	/**
	 * The restored world's note, if it agrees with the saved progress: the step machine goes straight to the step to
	 * go on at (before a verification that was open), with what the learner had met on the way, and sees the world.
	 * A note behind the saved step is used only if the world shows the steps up to it done (it was stored after the
	 * step's move, before the note): otherwise the world is older than the progress, and false says so.
	 */
	#goOn(resume: { step: number; attempt: number }): boolean {
		const note = asLessonNote(this.#deps.world.restoredNote);
		const snapshot = this.#deps.world.snapshot;
		const learner = this.#deps.learnerId();
		if (!note || !snapshot || !learner || !noteAgrees(note, this.lesson, resume)) return false;
		this.#remembered = note.flows;
		this.#restStep = note.restStep;
		this.#actor?.send({ type: 'RESUME', ...note.place, step: note.restStep });
		this.#feed(snapshot, learner);
		if (note.place.step === resume.step || note.saved === resume.step || this.step >= resume.step)
			return true;
		this.#remembered = [];
		this.#restStep = 0;
		this.#actor?.send({ type: 'RESTART' });
		return false;
	}

	/**
	 * Redoes the steps before `upTo` through the world, as the learner had done them. Resolves to how many of them
	 * hold (the world was at rest after them), or undefined if redoing failed.
	 */
	async #redo(upTo: number): Promise<number | undefined> {
		const learner = this.#deps.learnerId();
		if (!learner) return undefined;
		this.#replayTarget = upTo;
		this.#replayed = 0;
		try {
			// The moves are loaded with the lesson's module only when steps are redone.
			const solution = (await loadLessonModule(this.lesson.id))?.solution;
			if (!solution) return undefined;
			return await redoSteps(
				this.lesson,
				solution,
				pageDriver(this.#deps.world, learner, { onSecurityKey: (key) => (this.#redoneKey = key) }),
				upTo,
				(i) => (this.#replayed = i)
			);
		} catch {
			return undefined;
		}
	}

	/** Back to the first step in a fresh world, as a new attempt (the saved steps of the old one no longer count). */
	async #startOver(): Promise<void> {
		this.#attempt = this.#now();
		this.#actor?.send({ type: 'RESTART' });
		await this.#startWorld();
	}
}

const NOTHING_TAKEN: TakenAlternatives = Object.freeze({});
const NO_SHIELDS: string[] = [];

export const { set: setLessonSession, get: getLessonSession } = typedContext<LessonSession>(
	'lesson-session',
	'getLessonSession() outside a lesson page (see LessonRunner).'
);
