import type { TestProject } from 'vitest/node';
import { RegistriesStandIn } from '../registries/stand-in';
import { GitHubStandIn } from './stand-in';

/** Starts the GitHub and package registries' stand-ins on 127.0.0.1 for the whole run; tests and the Worker get their URLs. */
export default async function setup(project: TestProject) {
  const standIn = new GitHubStandIn();
  const registries = new RegistriesStandIn();
  project.provide('githubApiUrl', await standIn.start());
  project.provide('registriesUrl', await registries.start());
  return async () => {
    await Promise.all([standIn.stop(), registries.stop()]);
  };
}
