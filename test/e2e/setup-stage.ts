import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { STAND_IN_ACCOUNT_ID, startCloudflareStandIn } from '../cloudflare/stand-in';
import { GitHubStandIn } from '../github/stand-in';
import { copyProject, type DeployedWorker, startDeployedWorker } from './deployed-worker';

/** What `npm run setup` talks to in the end-to-end tests: a copy of the project, GitHub, Cloudflare and the Worker. */
export interface SetupStage {
  copy: string;
  github: GitHubStandIn;
  githubUrl: string;
  cloudflare: Awaited<ReturnType<typeof startCloudflareStandIn>>;
  worker: DeployedWorker;
}

export interface SetupRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Sets the stage up before the describe block's tests and takes it down after them. `prepare` runs once the
 * GitHub stand-in listens, before the Worker starts.
 */
export function useSetupStage(root: string, prefix: string, prepare: (githubUrl: string) => Promise<unknown>): SetupStage {
  const stage = { copy: copyProject(root, prefix), github: new GitHubStandIn(), githubUrl: '' } as SetupStage;
  beforeAll(async () => {
    stage.githubUrl = await stage.github.start();
    await prepare(stage.githubUrl);
    stage.cloudflare = await startCloudflareStandIn();
    stage.worker = await startDeployedWorker(stage.copy, stage.cloudflare.state);
  });
  afterAll(async () => {
    await stage.worker?.close();
    await stage.cloudflare?.close();
    await stage.github.stop();
    rmSync(stage.copy, { recursive: true, force: true });
  });
  return stage;
}

/**
 * Runs `npm run setup -- …args` in the copy against the Cloudflare stand-in, with GITHUB_TOKEN set to `token` or
 * unset. `onOutput` hears everything printed so far, and may answer on the child's stdin.
 */
export function runSetup(
  stage: SetupStage,
  args: string[],
  token: string | undefined,
  onOutput: (stdout: string, answer: (line: string) => void, stop: (why: string) => void) => void = () => {},
): Promise<SetupRun> {
  const env = {
    ...process.env,
    CLOUDFLARE_API_BASE_URL: stage.cloudflare.url,
    CLOUDFLARE_API_TOKEN: 'cf-stand-in-token',
    CLOUDFLARE_ACCOUNT_ID: STAND_IN_ACCOUNT_ID,
    CI: 'true',
  };
  if (token === undefined) delete env.GITHUB_TOKEN;
  else env.GITHUB_TOKEN = token;
  return new Promise((done) => {
    // Its own process group, so that a stuck run can be stopped with the wrangler processes it started.
    const child = spawn('npm', ['run', '--silent', 'setup', '--', ...args], {
      cwd: stage.copy,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const kill = () => process.kill(-(child.pid ?? 0), 'SIGKILL');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onOutput(
        stdout,
        (line) => child.stdin.write(`${line}\n`),
        (why) => {
          stderr += why;
          kill();
        },
      );
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A setup that waits for input it will never get fails the test with what it printed, rather than hanging.
    const timer = setTimeout(kill, 100_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
