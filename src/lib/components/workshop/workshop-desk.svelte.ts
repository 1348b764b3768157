/**
 * The instructor's side of a workshop, on the page: the connection to the classroom server (logged in with the
 * instructor's secret, long-polling the workshop room's sync, see `$lib/workshop/connection`), and what the
 * dashboard and the projector view read from its model, as reactive state. One for the tab, so that going from the
 * dashboard to the projector view (and back) keeps the one connection.
 */
import { classroomHere } from '$lib/components/classroom/classroom.svelte';
import { m } from '$lib/paraglide/messages';
import { WorkshopConnection } from '$lib/workshop/connection';
import type { CurrentPoll, LearnerRow, Tally, WorkshopModel } from '$lib/workshop/model';
import { defaultSettings, type Edition, type WorkshopSettings } from '$lib/workshop/protocol';
import {
	forgetInstructorSecret,
	instructorDevice,
	instructorSecret,
	keepInstructorDevice,
	takeInstructorLink
} from './instructor-link';
import { questionText } from './live-question';

/** Where the dashboard is: what it can show. */
export type DeskStatus = 'idle' | 'connecting' | 'no-link' | 'no-server' | 'wrong-link' | 'ready';

export type { WorkshopInfo } from '$lib/workshop/connection';
import type { WorkshopInfo } from '$lib/workshop/connection';

/** A Matrix error's HTTP status and code, from whatever the connection threw. */
function matrixError(error: unknown): { status?: number; errcode?: string; message: string } {
	if (typeof error === 'object' && error !== null) {
		const e = error as { status?: unknown; errcode?: unknown; message?: unknown; error?: unknown };
		return {
			status: typeof e.status === 'number' ? e.status : undefined,
			errcode: typeof e.errcode === 'string' ? e.errcode : undefined,
			message: String(e.message ?? e.error ?? error)
		};
	}
	return { message: String(error) };
}

export class WorkshopDesk {
	#status = $state<DeskStatus>('idle');
	#connection: WorkshopConnection | undefined;
	/** Bumped after each sync that changed the model: everything read from the model depends on it. */
	#version = $state(0);
	/** The clock "stuck" is measured with; the page ticks it. */
	now = $state(Date.now());
	#info = $state.raw<WorkshopInfo | undefined>();
	/** The last action did not work: why, for the page. */
	problem = $state<string | undefined>();
	/** A short report of the last action that worked (a new code, the workshop deleted). */
	notice = $state<string | undefined>();
	/** An action is under way (its button waits). */
	busy = $state(false);
	/** The long poll failed and is being retried. */
	offline = $state(false);

	get status(): DeskStatus {
		return this.#status;
	}

	#model(): WorkshopModel | undefined {
		void this.#version;
		return this.#connection?.model;
	}

	get info(): WorkshopInfo | undefined {
		return this.#info;
	}

	get settings(): WorkshopSettings {
		return this.#model()?.settings() ?? defaultSettings();
	}

	get learners(): LearnerRow[] {
		return this.#model()?.learners(this.now) ?? [];
	}

	stepCounts(lessonId: string, stepCount: number): number[] {
		return this.#model()?.stepCounts(lessonId, stepCount) ?? new Array<number>(stepCount).fill(0);
	}

	get verifications(): { from: string; to: string }[] {
		return this.#model()?.verifications() ?? [];
	}

	displayName(userId: string): string {
		return this.#model()?.displayName(userId) ?? userId;
	}

	get poll(): CurrentPoll | undefined {
		return this.#model()?.currentPoll();
	}

	tally(pollId: string): Tally {
		return this.#model()?.tally(pollId) ?? { counts: {}, answered: 0 };
	}

	get scoreboard(): { userId: string; displayName: string; right: number }[] {
		return this.#model()?.scoreboard() ?? [];
	}

	csv(): string {
		return this.#model()?.csv(Date.now()) ?? '';
	}

	/** Connects with the secret of the instructor's link (once; again after a wrong link was forgotten). */
	async open(): Promise<void> {
		if (this.#status === 'connecting' || this.#status === 'ready') return;
		// The link may open /workshop itself (`/workshop#instructor=…`): this page mounts before the layout reads it.
		takeInstructorLink(location.hash);
		const secret = instructorSecret();
		if (!secret) {
			this.#status = (await classroomHere()) ? 'no-link' : 'no-server';
			return;
		}
		this.#status = 'connecting';
		if (!(await classroomHere())) {
			this.#status = 'no-server';
			return;
		}
		let connection: WorkshopConnection;
		try {
			connection = await WorkshopConnection.connect({
				baseUrl: '',
				secret,
				deviceId: instructorDevice(),
				describe: questionText,
				onChange: () => {
					this.offline = false;
					this.#version++;
				},
				onError: () => (this.offline = true)
			});
			this.#info = await connection.workshop();
		} catch (error) {
			const e = matrixError(error);
			this.#status = e.status === 401 || e.status === 403 ? 'wrong-link' : 'no-server';
			return;
		}
		if (connection.deviceId) keepInstructorDevice(connection.deviceId);
		this.#connection = connection;
		this.#status = 'ready';
		this.#version++;
	}

	/** Forgets a link that did not work, so another can be opened. */
	forgetLink(): void {
		forgetInstructorSecret();
		this.#status = 'no-link';
	}

	/** Runs one of the instructor's actions, telling the page when it fails. */
	async #act<T>(action: (c: WorkshopConnection) => Promise<T>): Promise<T | undefined> {
		const connection = this.#connection;
		if (!connection) return undefined;
		this.busy = true;
		this.problem = undefined;
		this.notice = undefined;
		try {
			return await action(connection);
		} catch (error) {
			this.problem = m.workshop_failed({ message: matrixError(error).message });
			return undefined;
		} finally {
			this.busy = false;
		}
	}

	async setLesson(id: string | null): Promise<void> {
		await this.#act((c) => c.setLesson(id));
	}

	async setRegistrationOpen(open: boolean): Promise<void> {
		await this.#act(async (c) => {
			this.#info = await c.setRegistrationOpen(open);
		});
	}

	async rotateCode(): Promise<void> {
		await this.#act(async (c) => {
			const info = await c.rotateCode();
			this.#info = info;
			this.notice = m.workshop_rotated({ code: info.code });
		});
	}

	async deleteWorkshop(): Promise<void> {
		await this.#act(async (c) => {
			const info = await c.deleteWorkshop();
			this.#info = info;
			this.#version++;
			this.notice = m.workshop_deleted({ code: info.code });
		});
	}

	async startQuiz(set: string, edition: Edition, questionIds: string[]): Promise<boolean> {
		const done = await this.#act(async (c) => {
			await c.startQuiz(set, edition, questionIds);
			return true;
		});
		return done === true;
	}

	async reveal(): Promise<void> {
		await this.#act((c) => c.reveal());
	}

	async next(): Promise<void> {
		await this.#act((c) => c.next());
	}

	async finishQuiz(): Promise<void> {
		await this.#act((c) => c.finishQuiz());
	}

	async setScoreboard(on: boolean): Promise<void> {
		await this.#act((c) => c.setScoreboard(on));
	}
}

/** The tab's desk (see the file's comment). */
export const workshopDesk = new WorkshopDesk();
