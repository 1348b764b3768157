/**
 * `npm run classroom`: the instructor's command. Starts one Node process that serves the built course and the
 * classroom's Matrix homeserver on the same origin, and prints the learners' address (with a QR code), the
 * workshop code and the instructor's link. Run with tsx (Node only; nothing in the browser imports this folder).
 *
 *   npm run classroom -- [--port 8008] [--host 0.0.0.0] [--data DIR] [--no-course] [--no-contacts]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import encodeQR from 'qr';
import { startClassroomServer } from './http-server';

const USAGE = `Usage: npm run classroom -- [--port 8008] [--host 0.0.0.0] [--data DIR] [--no-course] [--no-contacts]

  --port PORT   the port to listen on (default 8008)
  --host HOST   the address to listen on (default 0.0.0.0: every network interface)
  --data DIR    where the classroom keeps its data (default ./classroom-data; created if missing)
  --no-course   serve the homeserver only (no built course needed)
  --no-contacts without the scripted contacts (Bob, Carol) as users of the server
`;

/** Every IPv4 address of this machine other than loopback: where learners on the same network reach it. */
export function lanAddresses(): string[] {
	return Object.values(networkInterfaces())
		.flat()
		.flatMap((net) => (net && net.family === 'IPv4' && !net.internal ? [net.address] : []));
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8008' },
			host: { type: 'string', default: '0.0.0.0' },
			data: { type: 'string', default: 'classroom-data' },
			'no-course': { type: 'boolean', default: false },
			'no-contacts': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port: not a port: ${values.port}`);

	const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
	const dataDir = resolve(values.data);
	mkdirSync(dataDir, { recursive: true });
	const buildDir = values['no-course'] ? undefined : resolve(repo, 'build');
	if (buildDir && !existsSync(resolve(buildDir, 'index.html'))) {
		console.log('No built course yet: building it once (npm run build) …');
		const built = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
		if (built.status !== 0) throw new Error('The build failed.');
	}

	const server = await startClassroomServer({
		port,
		host: values.host,
		buildDir,
		dataDir,
		contacts: values['no-contacts'] ? undefined : { log: (line) => console.warn(`Contacts: ${line}`) }
	});
	const contacts = server.contacts?.personas.map((p) => `${p.displayName} (${p.userId})`) ?? [];
	const everywhere = values.host === '0.0.0.0' || values.host === '::';
	const hosts = everywhere ? lanAddresses() : [values.host];
	const addresses = (hosts.length > 0 ? hosts : ['localhost']).map((h) => `http://${h}:${server.port}/`);
	const first = addresses[0] ?? server.url;

	console.log(`
E2EE Trainer classroom server

Learners open:      ${addresses.join('\n                    ')}
${encodeQR(first, 'ascii')}
Workshop code:      ${server.state.workshopCode}
Instructor's link:  ${first}workshop#instructor=${server.state.instructorSecret}
                    (keep it to yourself: it signs in as ${server.api.instructorUserId})
Homeserver:         ${first}_matrix/client/versions  (server name ${server.hs.serverName})
Scripted contacts:  ${contacts.length > 0 ? contacts.join(', ') : 'none'}
Data folder:        ${dataDir}
                    (${server.replayed > 0 ? `the workshop so far: ${server.replayed} changes restored` : 'a new workshop'}; delete the folder to start afresh)

Stop with Ctrl+C.`);

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			void server.close().then(() => process.exit(0));
		});
	}
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
		console.error(USAGE);
	process.exit(1);
});
