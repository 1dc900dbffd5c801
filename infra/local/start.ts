import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemoData } from './demo-data';
import { MissingJavaError } from './emulators';
import { assertPortFree, PortTakenError } from './ports';
import { localSecrets, localSettings } from './settings';
import { startLocalStack } from './stack';

/** `npm start`: the whole system on this machine, with demo events on the first start. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const settings = localSettings();
  const secrets = localSecrets(settings.dataDir);
  const firstStart = !existsSync(join(settings.dataDir, 'shared-local-instance.db'));
  // A running instance holds the application port; checking it first keeps a second start from
  // touching the first one's emulators.
  await assertPortFree(settings.httpPort, 'the application', 'PORT');
  console.log('Starting Chytrá školení locally (DynamoDB Local, SQS/S3 and SES emulators)…');
  // /health answers 503 until the demo data is in (a gate left by a start that died while
  // loading it goes: that data folder has its table by now).
  const healthGateFile = join(settings.dataDir, 'loading-demo-data');
  if (firstStart) {
    mkdirSync(settings.dataDir, { recursive: true });
    writeFileSync(healthGateFile, 'The demo data is being loaded.\n');
  } else {
    rmSync(healthGateFile, { force: true });
  }
  const stack = await startLocalStack({
    settings,
    secrets,
    persist: true,
    schedules: true,
    healthGateFile,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  if (firstStart) {
    const loaded = await loadDemoData(stack.environment, new Date());
    console.log(
      `Demo data loaded: ${loaded.events} events, ${loaded.registrations} registrations.`,
    );
    rmSync(healthGateFile, { force: true });
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`
Ready in ${seconds} s.
  Application:        ${stack.runtime.url}
  Organiser pages:    ${stack.runtime.url}/admin   (sign-in token: ${secrets.adminToken})
  Mail viewer:        ${stack.emulators.mailViewerUrl}
  Health:             ${stack.runtime.url}/health
Run a job now:        npm run job -- reminders | mailOutbox | waitlist | surveys | indicators | retention | certificates [--at 2025-11-01T02:00:00+01:00]
Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  if (error instanceof PortTakenError || error instanceof MissingJavaError) {
    console.error(`\n${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
