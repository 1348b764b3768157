/**
 * For the tests of stored worlds: the devices' crypto stores in `fake-indexeddb` (which the crypto library's store
 * runs on as on the browser's), under one name per test file; the worlds a test opened are closed after it, before
 * their stores are deleted (a store still open would hold its deletion, and the next test, up).
 */
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { deleteCryptoStores, type World } from './world';

/**
 * Call once at the top of a test file, with the name its worlds' crypto stores take. Returns `keep`: the world (or a
 * persona test's world, `{ world }`) given to it is closed after the test, and the stores are deleted then.
 */
export function storedWorlds(stores: string): <T extends World | { world: World }>(opened: T) => T {
	const open: (World | { world: World })[] = [];
	afterEach(async () => {
		for (const w of open.splice(0)) ('world' in w ? w.world : w).close();
		await deleteCryptoStores(stores);
	});
	return (opened) => {
		open.push(opened);
		return opened;
	};
}
