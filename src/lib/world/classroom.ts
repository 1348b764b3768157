/**
 * The learner's device in a classroom: one `SimDevice` whose port is HTTP to the classroom server (a real
 * homeserver), living in the learner's Web Worker beside — never inside — the lessons' own worlds. It registers with
 * the workshop code, keeps its crypto in the browser's IndexedDB when it may (so a reload finds it again), waits for
 * news with long-polling syncs, lists the other people on the server, and answers the client's commands. Its
 * snapshot has the shape of a world's, so the course's own Element-style client shows it unchanged.
 */
import { HttpHomeserverPort } from '../device/http-port';
import { isLearnerId, learnerUsername, registerWithToken } from '../device/registration';
import { DeviceActionError, MatrixRequestError, SimDevice } from '../device/sim-device';
import { enc, type HomeserverPort } from '../device/transport';
import {
	answerRequest,
	eventRequest,
	progressRequest,
	resolveRequest,
	type WorkshopRequest
} from '../workshop/learner';
import { WorkshopModel, type SyncRoom, type WorkshopEvent } from '../workshop/model';
import { failure, runOnDevice, type CommandResult, type WorldCommand } from './commands';
import { projectDevice, type Classmate, type WorkshopView, type WorldSnapshot } from './snapshot';

/** What the page keeps (in the browser's storage, or for the tab) to come back to the classroom. */
export interface ClassroomSession {
	homeserver: string;
	userId: string;
	deviceId: string;
	accessToken: string;
	displayName: string;
	/** The IndexedDB store of the device's crypto; absent when the crypto lives only as long as the worker. */
	cryptoStore?: string;
}

export type ClassroomStart =
	| {
			kind: 'join';
			homeserver: string;
			code: string;
			displayName: string;
			/** The device's name as classmates see it in the learner's session list. */
			deviceName: string;
			/** The browser keeps site data: the crypto goes into IndexedDB. */
			keep: boolean;
	  }
	| { kind: 'resume'; session: ClassroomSession };

/** A stored session whose crypto this browser no longer has: the learner joins again, as someone new. */
export const CRYPTO_LOST = 'E2EE_TRAINER_CRYPTO_LOST';

/** How long one long-polling sync waits for news. */
const LONG_POLL_MS = 20_000;
/** How often the list of people is asked for (a newcomer shares no room yet, so no sync brings them). */
export const PEOPLE_REFRESH_MS = 3_000;

const SERVER_VIEW: WorldSnapshot['server'] = {
	serverName: '',
	users: [],
	rooms: [],
	keyBackups: [],
	compromise: null
};

function randomText(length: number, alphabet: string): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz23456789';

/** The workshop room as the classroom device follows it: fed by the device's own syncs. */
interface Workshop {
	roomId: string;
	model: WorkshopModel;
}

/** Finds the server's workshop room (none on a server without one: an older classroom server, any homeserver). */
async function findWorkshop(
	port: HomeserverPort,
	accessToken: string,
	userId: string
): Promise<Workshop | undefined> {
	const res = await port.request({ ...resolveRequest(userId), accessToken });
	const roomId = res.body.room_id;
	return res.status === 200 && typeof roomId === 'string'
		? { roomId, model: new WorkshopModel() }
		: undefined;
}

/** Lets a device's syncs feed the workshop model (the room's events as the server sent them). */
function following(workshop: Workshop | undefined) {
	return (roomId: string, room: unknown) => {
		if (workshop && roomId === workshop.roomId) workshop.model.apply(room as SyncRoom);
	};
}
const PASSWORD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class Classroom {
	#people: Classmate[] = [];
	#peopleKey = '';
	#stopped = false;

	#txn = 0;

	private constructor(
		readonly session: ClassroomSession,
		private readonly port: HomeserverPort,
		readonly device: SimDevice,
		private readonly workshop: Workshop | undefined
	) {}

	/** Joins (registers, sets up cross-signing) or comes back with a stored session. */
	static async start(req: ClassroomStart): Promise<Classroom> {
		return req.kind === 'join' ? Classroom.join(req) : Classroom.resume(req.session);
	}

	private static async join(req: Extract<ClassroomStart, { kind: 'join' }>): Promise<Classroom> {
		const homeserver = req.homeserver.replace(/\/+$/, '');
		const port = new HttpHomeserverPort(homeserver);
		const password = randomText(32, PASSWORD);
		let account;
		for (let attempt = 0; ; attempt++) {
			try {
				account = await registerWithToken(port, {
					username: learnerUsername(req.displayName, randomText(4, LOWER)),
					password,
					token: req.code.trim(),
					deviceName: req.deviceName
				});
				break;
			} catch (e) {
				// Two learners with the same name and the same four random letters: try other letters.
				if (!(e instanceof MatrixRequestError && e.errcode === 'M_USER_IN_USE') || attempt >= 3) throw e;
			}
		}
		const displayName = req.displayName.trim().slice(0, 64);
		const profile = await port.request({
			method: 'PUT',
			path: `/_matrix/client/v3/profile/${enc(account.userId)}/displayname`,
			accessToken: account.accessToken,
			body: { displayname: displayName }
		});
		if (profile.status !== 200)
			throw new MatrixRequestError(profile.status, String(profile.body.errcode), String(profile.body.error));
		const session: ClassroomSession = { homeserver, ...account, displayName };
		const store = req.keep ? `e2ee-trainer-classroom-${account.userId}-${account.deviceId}` : undefined;
		const workshop = await findWorkshop(port, account.accessToken, account.userId);
		const opts = {
			server: port,
			userId: account.userId,
			deviceId: account.deviceId,
			accessToken: account.accessToken,
			displayName: req.deviceName,
			onRoomEvents: following(workshop)
		};
		let device: SimDevice;
		try {
			device = await SimDevice.create({ ...opts, cryptoStore: store });
			if (store) session.cryptoStore = store;
		} catch (e) {
			// IndexedDB refused (a private window, a full disk): the device works for this tab only.
			if (!store || e instanceof MatrixRequestError) throw e;
			device = await SimDevice.create(opts);
		}
		// The first cross-signing keys of a new account need no password: from now on the learner can verify others.
		await device.bootstrapCrossSigning();
		return new Classroom(session, port, device, workshop);
	}

	private static async resume(session: ClassroomSession): Promise<Classroom> {
		const port = new HttpHomeserverPort(session.homeserver);
		if (!session.cryptoStore) throw new MatrixRequestError(0, CRYPTO_LOST, 'No stored crypto.');
		const workshop = await findWorkshop(port, session.accessToken, session.userId);
		const device = await SimDevice.create({
			onRoomEvents: following(workshop),
			server: port,
			userId: session.userId,
			deviceId: session.deviceId,
			accessToken: session.accessToken,
			displayName: session.displayName,
			cryptoStore: session.cryptoStore
		});
		// Without its private cross-signing keys the device could verify nobody: the browser lost the store.
		if (!(await device.crossSigningState()).hasMaster) {
			device.close();
			throw new MatrixRequestError(0, CRYPTO_LOST, 'This browser no longer has the keys of this account.');
		}
		return new Classroom(session, port, device, workshop);
	}

	/**
	 * Waits for news and lets `onNews` take it in (the worker syncs on its queue), over and over until `close`. A
	 * failed wait (the server restarting, the laptop's Wi-Fi gone) is tried again after a pause.
	 */
	async listen(onNews: () => Promise<void>): Promise<void> {
		while (!this.#stopped) {
			try {
				await this.device.waitForNews(LONG_POLL_MS);
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 2_000));
			}
			if (this.#stopped) return;
			await onNews();
		}
	}

	/** One sync: what arrived is taken in (messages, keys, verification steps). */
	async sync(): Promise<void> {
		await this.device.sync();
	}

	/** Asks the server who else is there. Returns whether the list changed. */
	async refreshPeople(): Promise<boolean> {
		const res = await this.port.request({
			method: 'POST',
			path: '/_matrix/client/v3/user_directory/search',
			accessToken: this.session.accessToken,
			body: { search_term: '', limit: 500 }
		});
		if (res.status !== 200) return false;
		const results = Array.isArray(res.body.results)
			? (res.body.results as { user_id?: unknown; display_name?: unknown }[])
			: [];
		const people = results
			.filter((r): r is { user_id: string; display_name?: unknown } => typeof r.user_id === 'string')
			.filter((r) => r.user_id !== this.session.userId)
			.map((r) => ({
				userId: r.user_id,
				displayName: typeof r.display_name === 'string' && r.display_name ? r.display_name : r.user_id,
				learner: isLearnerId(r.user_id),
				verified: false
			}))
			.sort(
				(a, b) =>
					Number(b.learner) - Number(a.learner) ||
					a.displayName.localeCompare(b.displayName) ||
					a.userId.localeCompare(b.userId)
			);
		const key = JSON.stringify(people);
		if (key === this.#peopleKey) return false;
		this.#peopleKey = key;
		this.#people = people;
		return true;
	}

	/** Runs a command of the client on this device, then syncs so its effect is seen. Never throws. */
	async dispatch(cmd: WorldCommand): Promise<CommandResult> {
		try {
			const value = await this.run(cmd);
			if (cmd.type !== 'screen' && cmd.type !== 'setLocale') await this.device.sync();
			return { ok: true, value };
		} catch (e) {
			return failure(e);
		}
	}

	private async run(cmd: WorldCommand): Promise<unknown> {
		switch (cmd.type) {
			case 'screen':
			case 'setLocale':
				return undefined;
			case 'tick':
			case 'settle':
				return undefined;
			case 'workshopReport': {
				const workshop = this.#inWorkshop();
				return this.#request(progressRequest(workshop.roomId, this.session.userId, cmd.progress));
			}
			case 'workshopAnswer': {
				const workshop = this.#inWorkshop();
				const txn = `answer-${Date.now()}-${++this.#txn}`;
				return this.#request(answerRequest(workshop.roomId, cmd.pollEventId, cmd.answerId, txn));
			}
		}
		if (!('deviceId' in cmd) || cmd.userId !== this.device.userId || cmd.deviceId !== this.device.deviceId)
			throw new Error('In a classroom, only the learner’s own device takes commands.');
		if (cmd.type === 'addDevice' || cmd.type === 'removeDevice')
			throw new Error('In a classroom, only the learner’s own device takes commands.');
		return runOnDevice(this.device, cmd, () => {
			// Two laptops cannot scan each other's screens: in a classroom learners compare emoji.
			throw new DeviceActionError('not-allowed', 'No QR codes in a classroom.');
		});
	}

	#inWorkshop(): Workshop {
		if (!this.workshop) throw new DeviceActionError('not-allowed', 'This server has no workshop room.');
		return this.workshop;
	}

	/** A request with the learner's token; a refusal is the server's Matrix error. */
	async #request(req: WorkshopRequest): Promise<Record<string, unknown>> {
		const res = await this.port.request({ ...req, accessToken: this.session.accessToken });
		if (res.status !== 200)
			throw new MatrixRequestError(res.status, String(res.body.errcode), String(res.body.error));
		return res.body;
	}

	/** The workshop as the learner's page shows it; a late joiner's current question is fetched if the sync lacked it. */
	async #workshopView(): Promise<WorkshopView | undefined> {
		const workshop = this.workshop;
		if (!workshop) return undefined;
		const { model, roomId } = workshop;
		const settings = model.settings();
		const pollId = settings.quiz?.poll;
		if (pollId && !model.hasPoll(pollId)) {
			const event = await this.#request(eventRequest(roomId, pollId)).catch(() => undefined);
			if (event) model.applyTimeline(event as unknown as WorkshopEvent);
		}
		const poll = model.currentPoll();
		const view: WorkshopView = { roomId, settings };
		if (poll) {
			const myAnswer = model.myAnswer(poll.eventId, this.session.userId);
			const correct = model.correctAnswer(poll.eventId);
			view.poll = {
				eventId: poll.eventId,
				set: poll.set,
				question: poll.question,
				edition: poll.edition,
				answers: poll.answers.map((a) => a.id),
				closed: poll.closed,
				...(myAnswer !== undefined && { myAnswer }),
				...(correct !== undefined && { correct })
			};
		}
		return view;
	}

	/** What the page shows: this device (in a world's shape) and the people on the server with their trust. */
	async snapshot(): Promise<WorldSnapshot> {
		const me = this.device;
		const projected = await projectDevice(me, () => undefined, {});
		// The workshop room is the course's own channel (shown as the lesson banner and the question card), not a chat.
		const deviceSnapshot = this.workshop
			? { ...projected, rooms: projected.rooms.filter((r) => r.roomId !== this.workshop?.roomId) }
			: projected;
		const workshop = await this.#workshopView();
		const trust = await me.userTrust(this.#people.map((p) => p.userId));
		const people = this.#people.map((p, i) => ({ ...p, verified: trust[i]?.verified ?? false }));
		// Names from the rooms too: someone who left the server's directory still has a name in a DM.
		const names = new Map<string, string>([[me.userId, this.session.displayName]]);
		for (const p of people) names.set(p.userId, p.displayName);
		for (const room of deviceSnapshot.rooms)
			for (const member of room.members)
				if (!names.has(member.userId)) names.set(member.userId, member.displayName);
		return {
			users: [...names].map(([userId, displayName]) => ({
				userId,
				displayName,
				devices: userId === me.userId ? [me.deviceId] : []
			})),
			devices: [deviceSnapshot],
			server: SERVER_VIEW,
			contacts: [],
			calls: [],
			locale: 'en',
			excludeInsecureDevices: me.excludeInsecureDevices,
			suggestions: [],
			classroom: {
				homeserver: this.session.homeserver,
				userId: me.userId,
				displayName: this.session.displayName,
				people,
				kept: !!this.session.cryptoStore,
				...(workshop && { workshop })
			}
		};
	}

	close(): void {
		this.#stopped = true;
		this.device.close();
	}
}
