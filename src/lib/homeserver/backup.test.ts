import { describe, expect, it } from 'vitest';
import { expectError, path, world, type TestDevice } from './test-support';

const ALGORITHM = 'm.megolm_backup.v1.curve25519-aes-sha2';
const authData = { public_key: 'pub', signatures: {} };

const keyData = (overrides: Record<string, unknown> = {}) => ({
	first_message_index: 0,
	forwarded_count: 0,
	is_verified: false,
	session_data: { ephemeral: 'e', ciphertext: 'c', mac: 'm' },
	...overrides
});
const upload = (
	device: TestDevice,
	version: string,
	sessions: Record<string, unknown>,
	roomId = '!r:sim.local'
) => device.call('PUT', `/room_keys/keys?version=${version}`, { rooms: { [roomId]: { sessions } } });

function withBackup() {
	const alice = world().user('alice');
	const { version } = alice.ok('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: authData });
	return { alice, version: version as string };
}

describe('backup versions', () => {
	it('creates incrementing versions and serves the latest', () => {
		const { alice, version } = withBackup();
		expect(version).toBe('1');
		expect(alice.ok('GET', '/room_keys/version')).toEqual({
			version: '1',
			algorithm: ALGORITHM,
			auth_data: authData,
			etag: '0',
			count: 0
		});
		expect(alice.ok('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: authData })).toEqual({
			version: '2'
		});
		expect(alice.ok('GET', '/room_keys/version')).toMatchObject({ version: '2' });
		expect(alice.ok('GET', '/room_keys/version/1')).toMatchObject({ version: '1' });
	});

	it('404s when there is no backup, and for unknown versions', () => {
		const alice = world().user('alice');
		expectError(alice.call('GET', '/room_keys/version'), 404, 'M_NOT_FOUND');
		expectError(alice.call('GET', '/room_keys/version/7'), 404, 'M_NOT_FOUND');
		expectError(alice.call('DELETE', '/room_keys/version/7'), 404, 'M_NOT_FOUND');
	});

	it('is per user', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		alice.ok('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: authData });
		expectError(bob.call('GET', '/room_keys/version'), 404, 'M_NOT_FOUND');
		expect(bob.ok('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: authData })).toEqual({
			version: '1'
		});
	});

	it('validates the version body', () => {
		const alice = world().user('alice');
		expectError(alice.call('POST', '/room_keys/version', { auth_data: authData }), 400, 'M_MISSING_PARAM');
		expectError(
			alice.call('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: 'x' }),
			400,
			'M_BAD_JSON'
		);
	});

	it('updates auth_data but not the algorithm', () => {
		const { alice, version } = withBackup();
		const next = { public_key: 'pub', signatures: { x: { y: 'z' } } };
		expect(
			alice.ok('PUT', `/room_keys/version/${version}`, { algorithm: ALGORITHM, auth_data: next })
		).toEqual({});
		expect(alice.ok('GET', '/room_keys/version')).toMatchObject({ auth_data: next });
		expectError(
			alice.call('PUT', `/room_keys/version/${version}`, { algorithm: 'other', auth_data: next }),
			400,
			'M_INVALID_PARAM'
		);
		expectError(
			alice.call('PUT', `/room_keys/version/${version}`, {
				algorithm: ALGORITHM,
				auth_data: next,
				version: '9'
			}),
			400,
			'M_INVALID_PARAM'
		);
		expectError(
			alice.call('PUT', '/room_keys/version/9', { algorithm: ALGORITHM, auth_data: next }),
			404,
			'M_NOT_FOUND'
		);
	});

	it('deletes a version with its keys; numbers are not reused', () => {
		const { alice, version } = withBackup();
		upload(alice, version, { s1: keyData() });
		expect(alice.ok('DELETE', `/room_keys/version/${version}`)).toEqual({});
		expectError(alice.call('GET', '/room_keys/version'), 404, 'M_NOT_FOUND');
		expect(alice.ok('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: authData })).toEqual({
			version: '2'
		});
	});
});

describe('backup keys', () => {
	it('stores keys and answers etag and count', () => {
		const { alice, version } = withBackup();
		const res = upload(alice, version, { s1: keyData(), s2: keyData() });
		expect(res).toEqual({ status: 200, body: { etag: '1', count: 2 } });
		expect(alice.ok('GET', '/room_keys/version')).toMatchObject({ etag: '1', count: 2 });
		expect(alice.ok('GET', `/room_keys/keys?version=${version}`)).toEqual({
			rooms: { '!r:sim.local': { sessions: { s1: keyData(), s2: keyData() } } }
		});
		expect(alice.ok('GET', `${path`/room_keys/keys/${'!r:sim.local'}`}?version=${version}`)).toEqual({
			sessions: { s1: keyData(), s2: keyData() }
		});
		expect(alice.ok('GET', `${path`/room_keys/keys/${'!other:sim.local'}`}?version=${version}`)).toEqual({
			sessions: {}
		});
		expect(alice.ok('GET', `${path`/room_keys/keys/${'!r:sim.local'}/s1`}?version=${version}`)).toEqual(
			keyData()
		);
		expectError(
			alice.call('GET', `${path`/room_keys/keys/${'!r:sim.local'}/nope`}?version=${version}`),
			404,
			'M_NOT_FOUND'
		);
	});

	it('keeps the better copy of a session (verified, then lower index, then fewer forwards)', () => {
		const { alice, version } = withBackup();
		const stored = () => alice.ok('GET', `${path`/room_keys/keys/${'!r:sim.local'}/s`}?version=${version}`);
		upload(alice, version, { s: keyData({ first_message_index: 5, forwarded_count: 2 }) });
		upload(alice, version, { s: keyData({ first_message_index: 6 }) });
		expect(stored()).toMatchObject({ first_message_index: 5 });
		upload(alice, version, { s: keyData({ first_message_index: 5, forwarded_count: 1 }) });
		expect(stored()).toMatchObject({ first_message_index: 5, forwarded_count: 1 });
		upload(alice, version, { s: keyData({ first_message_index: 2, forwarded_count: 9 }) });
		expect(stored()).toMatchObject({ first_message_index: 2 });
		upload(alice, version, { s: keyData({ first_message_index: 50, is_verified: true }) });
		expect(stored()).toMatchObject({ first_message_index: 50, is_verified: true });
		expect(upload(alice, version, { s: keyData({ first_message_index: 0 }) }).body).toEqual({
			etag: '4',
			count: 1
		});
	});

	it('refuses an old version with 403 M_WRONG_ROOM_KEYS_VERSION naming the current one', () => {
		const { alice, version } = withBackup();
		alice.ok('POST', '/room_keys/version', { algorithm: ALGORITHM, auth_data: authData });
		const res = upload(alice, version, { s: keyData() });
		expectError(res, 403, 'M_WRONG_ROOM_KEYS_VERSION');
		expect(res.body.current_version).toBe('2');
	});

	it('validates the request before storing anything', () => {
		const { alice, version } = withBackup();
		expectError(alice.call('PUT', '/room_keys/keys', { rooms: {} }), 400, 'M_MISSING_PARAM');
		expectError(alice.call('GET', '/room_keys/keys'), 400, 'M_MISSING_PARAM');
		expectError(alice.call('GET', '/room_keys/keys?version=9'), 404, 'M_NOT_FOUND');
		expectError(
			upload(alice, version, { s1: keyData(), s2: keyData({ is_verified: 'yes' }) }),
			400,
			'M_BAD_JSON'
		);
		expectError(upload(alice, version, { s1: keyData({ first_message_index: -1 }) }), 400, 'M_INVALID_PARAM');
		expectError(upload(alice, version, { s1: keyData({ session_data: undefined }) }), 400, 'M_MISSING_PARAM');
		expect(alice.ok('GET', '/room_keys/version')).toMatchObject({ count: 0 });
		const noBackup = world().user('bob');
		expectError(noBackup.call('PUT', '/room_keys/keys?version=1', { rooms: {} }), 404, 'M_NOT_FOUND');
	});
});
