/**
 * The learner's side of the workshop room, as requests (method, path, body) whoever holds the learner's access
 * token sends: the classroom device in the worker (its HTTP port), or the page's progress sink (plain `fetch` with
 * the stored session's token). Pure: no network here.
 */
import {
	POLL_RESPONSE,
	WORKSHOP_ALIAS_LOCALPART,
	WORKSHOP_PROGRESS,
	pollResponseContent,
	progressContent,
	type LearnerProgress
} from './protocol';

export interface WorkshopRequest {
	method: 'GET' | 'PUT';
	path: string;
	body?: Record<string, unknown>;
}

const CLIENT = '/_matrix/client/v3';
const enc = encodeURIComponent;

/** The workshop room's alias on the server of this user id. */
export function workshopAlias(userId: string): string {
	return `#${WORKSHOP_ALIAS_LOCALPART}:${userId.slice(userId.indexOf(':') + 1)}`;
}

/** Resolves the workshop room's alias (answer: `{ room_id }`; 404 on a server without one). */
export function resolveRequest(userId: string): WorkshopRequest {
	return { method: 'GET', path: `${CLIENT}/directory/room/${enc(workshopAlias(userId))}` };
}

/** The learner's own progress, as their state in the workshop room. */
export function progressRequest(roomId: string, userId: string, progress: LearnerProgress): WorkshopRequest {
	return {
		method: 'PUT',
		path: `${CLIENT}/rooms/${enc(roomId)}/state/${WORKSHOP_PROGRESS}/${enc(userId)}`,
		body: progressContent(progress)
	};
}

/** An answer to a poll (a changed answer is a new response: the latest counts). */
export function answerRequest(roomId: string, poll: string, answer: string, txnId: string): WorkshopRequest {
	return {
		method: 'PUT',
		path: `${CLIENT}/rooms/${enc(roomId)}/send/${POLL_RESPONSE}/${enc(txnId)}`,
		body: pollResponseContent(poll, answer)
	};
}

/** One event of the room (a late joiner's current question, when the sync did not bring it). */
export function eventRequest(roomId: string, eventId: string): WorkshopRequest {
	return { method: 'GET', path: `${CLIENT}/rooms/${enc(roomId)}/event/${enc(eventId)}` };
}
