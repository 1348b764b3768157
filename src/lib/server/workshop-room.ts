/**
 * The workshop room (issue #14): one per classroom server, alias `#workshop:<serverName>`, created by the instructor
 * when the server starts for the first time and kept in the journal (a restart finds it again and makes no second
 * one). Learners who register with the workshop code are joined to it at once; the scripted contacts are not.
 *
 * It is not encrypted (its events are state events and polls the instructor's dashboard reads without crypto).
 * Power levels do the authorisation (`workshopPowerLevels`): only the instructor sets the workshop and asks
 * questions; the homeserver's rule that a state key naming a user belongs to that user keeps each learner to their
 * own progress.
 *
 * Everything here goes through the ledger as Client-Server requests, by a device of the instructor's own that only
 * the server uses (`CLASSROOM`), so a replay of the journal rebuilds it exactly.
 */
import { CLIENT_API_PREFIX, type Homeserver } from '../homeserver';
import { WORKSHOP_ALIAS_LOCALPART, workshopPowerLevels } from '../workshop/protocol';
import type { ClassroomState } from './classroom-state';
import type { Ledger } from './ledger';

/** The instructor's device the server acts with (never a person's). */
export const SERVER_DEVICE_ID = 'CLASSROOM';

export class WorkshopRoom {
	#token: string | undefined;

	constructor(
		private readonly hs: Homeserver,
		private readonly state: ClassroomState,
		private readonly ledger: Ledger,
		readonly instructorUserId: string
	) {}

	get alias(): string {
		return `#${WORKSHOP_ALIAS_LOCALPART}:${this.hs.serverName}`;
	}

	get roomId(): string | undefined {
		return this.state.workshopRoomId;
	}

	/** The server's own access token as the instructor (logged in again once per start). */
	private token(): string {
		if (this.#token) return this.#token;
		const exists = this.hs.devices(this.instructorUserId).some((d) => d.deviceId === SERVER_DEVICE_ID);
		const login = exists
			? this.ledger.renewLogin(this.instructorUserId, SERVER_DEVICE_ID)
			: this.ledger.login(this.instructorUserId, SERVER_DEVICE_ID, 'Classroom server');
		this.#token = login.accessToken;
		return this.#token;
	}

	/** Forgets the token (after the instructor's devices were reset): the next action logs in again. */
	forgetToken(): void {
		this.#token = undefined;
	}

	/** Creates the room unless the journal says it exists; returns its id. */
	ensure(): string {
		const existing = this.state.workshopRoomId;
		if (existing) return existing;
		return this.ledger.atomically(() => {
			const res = this.ledger.request({
				method: 'POST',
				path: `${CLIENT_API_PREFIX}/createRoom`,
				accessToken: this.token(),
				body: {
					preset: 'private_chat',
					name: 'Workshop',
					power_level_content_override: workshopPowerLevels(this.instructorUserId),
					initial_state: [
						{ type: 'm.room.canonical_alias', state_key: '', content: { alias: this.alias } },
						{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'shared' } }
					]
				}
			});
			const roomId = res.body.room_id;
			if (res.status !== 200 || typeof roomId !== 'string')
				throw new Error(`Could not create the workshop room: ${JSON.stringify(res.body)}`);
			this.ledger.setWorkshopRoom(roomId);
			return roomId;
		});
	}

	/** Invites and joins a learner (with their own new access token). */
	admit(userId: string, accessToken: string): void {
		const roomId = this.state.workshopRoomId;
		if (!roomId || userId === this.instructorUserId) return;
		const room = `${CLIENT_API_PREFIX}/rooms/${encodeURIComponent(roomId)}`;
		this.ledger.atomically(() => {
			const invite = this.ledger.request({
				method: 'POST',
				path: `${room}/invite`,
				accessToken: this.token(),
				body: { user_id: userId }
			});
			if (invite.status !== 200)
				throw new Error(`Could not invite ${userId}: ${JSON.stringify(invite.body)}`);
			const join = this.ledger.request({ method: 'POST', path: `${room}/join`, accessToken, body: {} });
			if (join.status !== 200) throw new Error(`${userId} could not join: ${JSON.stringify(join.body)}`);
		});
	}
}
