// CPU time of the workerd process Miniflare started for this process: it barely moves when neighbours on a
// shared host take the CPU, so it resolves differences that wall time cannot.
import { readdirSync, readFileSync } from 'node:fs';

export function findWorkerd() {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const [, command, rest] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? [];
      if (command === 'workerd' && Number(rest.split(' ')[1]) === process.pid) return pid;
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error('workerd process not found');
}

/** Nanoseconds all of workerd's threads have run. */
export function workerdCpuNs(pid) {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
  }
  return total;
}
