/**
 * Helpers for the classroom server's tests: a server on a free port of 127.0.0.1, a tiny JSON client over real
 * HTTP, and waiting for a state instead of sleeping.
 */
import { expect } from 'vitest';
import { HttpHomeserverPort } from '../device/http-port';
import { SimDevice } from '../device/sim-device';
import { ClassroomState } from './classroom-state';
import { startClassroomServer, type ClassroomServer, type ClassroomServerOptions } from './http-server';

export const CODE = 'KM7-QTX';
export const PASSWORD = 'correct horse battery';

export function startTestServer(opts: ClassroomServerOptions = {}): Promise<ClassroomServer> {
	return startClassroomServer({
		port: 0,
		host: '127.0.0.1',
		state: new ClassroomState({ workshopCode: CODE, instructorSecret: 'instructor-secret' }),
		...opts
	});
}

export interface Reply {
	status: number;
	body: Record<string, unknown>;
	headers: Headers;
}

export class Client {
	constructor(
		readonly base: string,
		public token?: string
	) {}

	async call(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<Reply> {
		const headers: Record<string, string> = {};
		if (this.token) headers.Authorization = `Bearer ${this.token}`;
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const res = await fetch(
			`${this.base}${/^\/(_matrix|_classroom|\.well-known)\//.test(path) ? '' : '/_matrix/client/v3'}${path}`,
			{
				method,
				headers,
				body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
				...init
			}
		);
		const text = await res.text();
		return {
			status: res.status,
			body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
			headers: res.headers
		};
	}

	async ok(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
		const res = await this.call(method, path, body);
		expect(res.body, `${method} ${path}`).not.toHaveProperty('errcode');
		expect(res.status).toBe(200);
		return res.body;
	}
}

export interface Account {
	client: Client;
	userId: string;
	deviceId: string;
	accessToken: string;
}

/** Registers `username` with the workshop code (the two UIA steps a client takes). */
export async function register(
	base: string,
	username: string,
	extra: Record<string, unknown> = {}
): Promise<Account> {
	const anonymous = new Client(base);
	const request = { username, password: PASSWORD, ...extra };
	const challenge = await anonymous.call('POST', '/register', request);
	expect(challenge.status).toBe(401);
	const body = await anonymous.ok('POST', '/register', {
		...request,
		auth: { type: 'm.login.registration_token', token: CODE, session: challenge.body.session }
	});
	const accessToken = body.access_token as string;
	return {
		client: new Client(base, accessToken),
		userId: body.user_id as string,
		deviceId: body.device_id as string,
		accessToken
	};
}

/** Registers `username` and opens a learner's device with the real crypto (`SimDevice`) over HTTP to `base`. */
export async function registerDevice(
	base: string,
	username: string
): Promise<{ device: SimDevice; account: Account }> {
	const account = await register(base, username);
	const device = await SimDevice.create({
		server: new HttpHomeserverPort(base),
		userId: account.userId,
		deviceId: account.deviceId,
		accessToken: account.accessToken,
		displayName: username
	});
	return { device, account };
}

/** Waits until `check` holds (polling every few milliseconds), instead of a fixed sleep. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

export const passwordAuth = (userId: string, session: unknown, password = PASSWORD) => ({
	type: 'm.login.password',
	identifier: { type: 'm.id.user', user: userId },
	password,
	session
});
