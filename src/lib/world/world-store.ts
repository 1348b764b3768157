/**
 * Where the worker keeps stored worlds: one IndexedDB database, one record per world (the sandbox, a lesson), each
 * a `WorldState` as IndexedDB copies it. The devices' crypto is in their own stores, named in the state.
 */
import { deleteCryptoStores, type WorldState } from './world';

const DB_NAME = 'e2ee-trainer-worlds';
const STORE = 'worlds';

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed.'));
	});
}

let opened: Promise<IDBDatabase> | undefined;

/** The database; rejects when the browser keeps no site data (a private window, storage blocked). */
function database(): Promise<IDBDatabase> {
	opened ??= new Promise<IDBDatabase>((resolve, reject) => {
		const req = indexedDB.open(DB_NAME, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE);
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available.'));
	}).catch((e: unknown) => {
		opened = undefined;
		throw e;
	});
	return opened;
}

/** Whether worlds can be kept at all. */
export async function canKeepWorlds(): Promise<boolean> {
	try {
		await database();
		return true;
	} catch {
		return false;
	}
}

/** The stored world under `name`, as it was stored (checked by `World.restore`), or undefined. */
export async function loadWorld(name: string): Promise<unknown> {
	const db = await database();
	return request(db.transaction(STORE).objectStore(STORE).get(name));
}

/** The page's note stored with a world (see `saveWorld`), if there is one. */
export function noteOf(stored: unknown): unknown {
	return typeof stored === 'object' && stored !== null
		? (stored as { pageNote?: unknown }).pageNote
		: undefined;
}

/**
 * Stores a world, with the page's note on it (a lesson's place), in one record: the note never says more than the
 * world it is stored with.
 */
export async function saveWorld(name: string, state: WorldState, note?: unknown): Promise<void> {
	const db = await database();
	const record = note === undefined ? state : { ...state, pageNote: note };
	await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(record, name));
}

/** Forgets a stored world and deletes its devices' crypto stores. */
export async function forgetWorld(name: string): Promise<void> {
	const stored = await loadWorld(name).catch(() => undefined);
	const db = await database();
	await request(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(name));
	const prefix = (stored as { cryptoStores?: unknown } | undefined)?.cryptoStores;
	if (typeof prefix === 'string') await deleteCryptoStores(prefix);
}
