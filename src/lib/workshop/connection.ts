/**
 * The instructor's dashboard's connection to the classroom server: plain `fetch`, no crypto, safe on the main
 * thread. It logs in as the instructor with the secret of their link (`m.login.token`), long-polls `/sync` with a
 * filter that keeps only the workshop room, feeds a `WorkshopModel`, and offers the instructor's actions (the
 * workshop's settings and the live quiz as Matrix events; code, registration and delete by the instructor's API).
 *
 * It syncs as a device of its own (never another device's to-device messages). Pass `deviceId` (remembered from
 * `connection.deviceId`) to reuse that device after a reload instead of adding one per visit.
 */
import { WorkshopModel, type SyncRoom, type WorkshopEvent } from './model';
import {
	POLL_END,
	POLL_START,
	WORKSHOP_SETTINGS,
	pollEndContent,
	pollStartContent,
	settingsContent,
	type Edition,
	type PollAnswer,
	type WorkshopSettings
} from './protocol';

/** A quiz question as the poll shows it, in the instructor's language (the page builds it from the quiz). */
export interface QuestionText {
	question: string;
	answers: PollAnswer[];
	/** The right answer's id (sent with the poll's end, so everyone's tally and scoreboard can show it). */
	correct: string;
	/** The end's fallback text for clients that do not show polls. */
	ended?: string;
}

export interface WorkshopConnectionOptions {
	/** The classroom server's address (`http://host:port`); '' for the page's own origin. */
	baseUrl: string;
	/** The instructor's secret (from the link `/#instructor=<secret>`). */
	secret: string;
	/** A device of the instructor's to log in on again (keeps one device per browser). */
	deviceId?: string;
	/** Called after every sync that changed the model, and after the instructor's own actions. */
	onChange?: (model: WorkshopModel) => void;
	/** Problems of the sync loop (it retries on its own); default: nowhere. */
	onError?: (error: unknown) => void;
	/** The text of a quiz question, for its poll (needed by the quiz actions). */
	describe?: (set: string, edition: Edition, questionId: string) => QuestionText | undefined;
	/** How long one long poll waits (default 30 s). */
	pollMs?: number;
	fetch?: typeof fetch;
}

/** A refusal of the server, as the Matrix spec writes it. */
export class WorkshopError extends Error {
	constructor(
		readonly status: number,
		readonly errcode: string,
		message: string
	) {
		super(message);
		this.name = 'WorkshopError';
	}
}

export interface WorkshopInfo {
	code: string;
	registrationOpen: boolean;
	roomId: string | null;
}

type Json = Record<string, unknown>;

const CLIENT = '/_matrix/client/v3';
const CLASSROOM = '/_classroom/v1';

export class WorkshopConnection {
	#model = new WorkshopModel();
	#token = '';
	#userId = '';
	#deviceId: string | undefined;
	#roomId = '';
	#since: string | undefined;
	#stopped = false;
	#abort = new AbortController();
	#loop: Promise<void> | undefined;
	#txn = 0;
	readonly #fetch: typeof fetch;

	private constructor(private readonly opts: WorkshopConnectionOptions) {
		this.#deviceId = opts.deviceId;
		this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init));
	}

	/** Logs in, reads the whole workshop room once (the model is complete when this resolves), then long-polls. */
	static async connect(opts: WorkshopConnectionOptions): Promise<WorkshopConnection> {
		const connection = new WorkshopConnection(opts);
		await connection.#login();
		const info = await connection.workshop();
		if (!info.roomId) throw new WorkshopError(404, 'M_NOT_FOUND', 'This server has no workshop room.');
		connection.#roomId = info.roomId;
		await connection.#syncOnce(0);
		connection.#loop = connection.#run();
		return connection;
	}

	/** What the workshop room says (a new model after `deleteWorkshop`). */
	get model(): WorkshopModel {
		return this.#model;
	}
	get userId(): string {
		return this.#userId;
	}
	get deviceId(): string | undefined {
		return this.#deviceId;
	}
	get roomId(): string {
		return this.#roomId;
	}

	/** Stops the long poll (a request under way is cancelled). */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#abort.abort();
		await this.#loop;
	}

	// --- the instructor's actions ---

	async workshop(): Promise<WorkshopInfo> {
		return info(await this.#call('GET', `${CLASSROOM}/workshop`));
	}

	async setRegistrationOpen(open: boolean): Promise<WorkshopInfo> {
		return info(await this.#call('PUT', `${CLASSROOM}/workshop/registration`, { open }));
	}

	async rotateCode(): Promise<WorkshopInfo> {
		return info(await this.#call('POST', `${CLASSROOM}/workshop/code`));
	}

	/** Deletes every learner's account, devices, rooms and messages; the workshop room stays, empty. */
	async deleteWorkshop(): Promise<WorkshopInfo> {
		const result = info(await this.#call('DELETE', `${CLASSROOM}/workshop`));
		// The server starts afresh: log in again and read the new, empty room.
		this.#abort.abort();
		await this.#loop;
		this.#abort = new AbortController();
		this.#since = undefined;
		this.#model = new WorkshopModel();
		await this.#login();
		if (result.roomId) this.#roomId = result.roomId;
		await this.#syncOnce(0);
		if (!this.#stopped) this.#loop = this.#run();
		return result;
	}

	async setLesson(lesson: string | null): Promise<void> {
		await this.#settings((s) => ({ ...s, lesson }));
	}

	async setScoreboard(on: boolean): Promise<void> {
		await this.#settings((s) => ({ ...s, scoreboard: on }));
	}

	/** Starts a quiz: the first question goes out as a poll. */
	async startQuiz(set: string, edition: Edition, questionIds: string[]): Promise<void> {
		if (questionIds.length === 0) throw new Error('A quiz needs questions.');
		const current = this.model.settings().quiz;
		if (current?.poll && current.phase === 'asking')
			await this.#end(current.set, current.edition, current.questions[current.index] ?? '', current.poll);
		const first = questionIds[0] ?? '';
		const poll = await this.#ask(set, edition, first);
		await this.#settings((s) => ({
			...s,
			quiz: { set, edition, questions: [...questionIds], index: 0, poll, phase: 'asking' }
		}));
	}

	/** Ends the current question's poll: the right answer and the tally show. */
	async reveal(): Promise<void> {
		const quiz = this.model.settings().quiz;
		if (!quiz?.poll || quiz.phase !== 'asking') return;
		await this.#end(quiz.set, quiz.edition, quiz.questions[quiz.index] ?? '', quiz.poll);
		await this.#settings((s) => (s.quiz ? { ...s, quiz: { ...s.quiz, phase: 'revealed' } } : s));
	}

	/** The next question (revealing the current one first), or the end of the quiz after the last. */
	async next(): Promise<void> {
		const quiz = this.model.settings().quiz;
		if (!quiz || quiz.phase === 'finished') return;
		if (quiz.phase === 'asking') await this.reveal();
		const index = quiz.index + 1;
		const question = quiz.questions[index];
		if (question === undefined) return this.finishQuiz();
		const poll = await this.#ask(quiz.set, quiz.edition, question);
		await this.#settings((s) => ({ ...s, quiz: { ...quiz, index, poll, phase: 'asking' } }));
	}

	async finishQuiz(): Promise<void> {
		const quiz = this.model.settings().quiz;
		if (!quiz) return;
		if (quiz.phase === 'asking') await this.reveal();
		await this.#settings((s) => (s.quiz ? { ...s, quiz: { ...s.quiz, phase: 'finished' } } : s));
	}

	// --- internals ---

	#describe(set: string, edition: Edition, questionId: string): QuestionText {
		const text = this.opts.describe?.(set, edition, questionId);
		if (!text) throw new Error(`No text for quiz question ${questionId}.`);
		return text;
	}

	async #ask(set: string, edition: Edition, questionId: string): Promise<string> {
		const text = this.#describe(set, edition, questionId);
		const content = pollStartContent({
			question: text.question,
			answers: text.answers,
			quiz: { set, question: questionId, edition }
		});
		return this.#send(POLL_START, content);
	}

	async #end(set: string, edition: Edition, questionId: string, poll: string): Promise<void> {
		const text = this.#describe(set, edition, questionId);
		await this.#send(
			POLL_END,
			pollEndContent(poll, text.ended ?? 'The poll has ended.', {
				set,
				question: questionId,
				edition,
				correct: text.correct
			})
		);
	}

	async #settings(change: (s: WorkshopSettings) => WorkshopSettings): Promise<void> {
		const content = settingsContent(change(this.model.settings()));
		const res = await this.#call(
			'PUT',
			`${CLIENT}/rooms/${encodeURIComponent(this.#roomId)}/state/${WORKSHOP_SETTINGS}/`,
			content
		);
		await this.#fetchAndApply(res.event_id);
	}

	/** Sends a room event and applies it to the model at once (as the server stored it). */
	async #send(type: string, content: Json): Promise<string> {
		const txn = `ws${Date.now()}-${++this.#txn}`;
		const res = await this.#call(
			'PUT',
			`${CLIENT}/rooms/${encodeURIComponent(this.#roomId)}/send/${type}/${txn}`,
			content
		);
		const eventId = res.event_id;
		if (typeof eventId !== 'string') throw new WorkshopError(500, 'M_UNKNOWN', 'No event id.');
		await this.#fetchAndApply(eventId);
		return eventId;
	}

	/** The event as the server keeps it (its own timestamp), so the model need not wait for the next sync. */
	async #fetchAndApply(eventId: unknown): Promise<void> {
		if (typeof eventId !== 'string') return;
		const event = await this.#call(
			'GET',
			`${CLIENT}/rooms/${encodeURIComponent(this.#roomId)}/event/${encodeURIComponent(eventId)}`
		);
		if (this.model.applyTimeline(event as unknown as WorkshopEvent)) this.opts.onChange?.(this.model);
	}

	async #login(): Promise<void> {
		const res = await this.#call('POST', `${CLIENT}/login`, {
			type: 'm.login.token',
			token: this.opts.secret,
			initial_device_display_name: 'Workshop dashboard',
			...(this.#deviceId ? { device_id: this.#deviceId } : {})
		});
		this.#token = String(res.access_token);
		this.#userId = String(res.user_id);
		this.#deviceId = String(res.device_id);
	}

	async #syncOnce(timeout: number): Promise<void> {
		const filter = JSON.stringify({ room: { rooms: [this.#roomId] }, presence: { not_types: ['*'] } });
		const query = new URLSearchParams({ filter, timeout: String(timeout) });
		if (this.#since) query.set('since', this.#since);
		const res = await this.#call('GET', `${CLIENT}/sync?${query}`, undefined, this.#abort.signal);
		this.#since = String(res.next_batch);
		const rooms = res.rooms as { join?: Record<string, SyncRoom> } | undefined;
		const room = rooms?.join?.[this.#roomId];
		if (room && this.model.apply(room)) this.opts.onChange?.(this.model);
	}

	async #run(): Promise<void> {
		let backoff = 500;
		while (!this.#stopped && !this.#abort.signal.aborted) {
			try {
				await this.#syncOnce(this.opts.pollMs ?? 30_000);
				backoff = 500;
			} catch (e) {
				if (this.#stopped || this.#abort.signal.aborted) return;
				this.opts.onError?.(e);
				if (e instanceof WorkshopError && e.errcode === 'M_UNKNOWN_TOKEN') {
					await this.#login().catch((err: unknown) => this.opts.onError?.(err));
				}
				await new Promise((resolve) => setTimeout(resolve, backoff));
				backoff = Math.min(backoff * 2, 10_000);
			}
		}
	}

	async #call(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Json> {
		const headers: Record<string, string> = {};
		// The instructor's API takes the secret itself; the Matrix API the token of this connection's login.
		const token = path.startsWith(CLASSROOM) ? this.#token || this.opts.secret : this.#token;
		if (token) headers.Authorization = `Bearer ${token}`;
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const res = await this.#fetch(`${this.opts.baseUrl}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal
		});
		const text = await res.text();
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : {};
		} catch {
			throw new WorkshopError(res.status, 'M_NOT_JSON', `The server answered ${res.status} without JSON.`);
		}
		const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Json) : {};
		if (!res.ok) {
			throw new WorkshopError(
				res.status,
				typeof obj.errcode === 'string' ? obj.errcode : 'M_UNKNOWN',
				typeof obj.error === 'string' ? obj.error : `HTTP ${res.status}`
			);
		}
		return obj;
	}
}

function info(body: Json): WorkshopInfo {
	return {
		code: String(body.workshop_code ?? ''),
		registrationOpen: body.registration_open === true,
		roomId: typeof body.room_id === 'string' ? body.room_id : null
	};
}
