import { inject } from 'vitest';
import type { RegistryPackage, RegistryRequest } from './scenario-types';

/** Test-side control of the registries' stand-in (which runs in Node; see stand-in.ts). */
export const registriesUrl = inject('registriesUrl');

/** The registries' APIs as the Worker is pointed at them (NPM_API_URL, PYPISTATS_API_URL, CRATES_API_URL). */
export const registryApis = {
  npm: `${registriesUrl}/npm`,
  pypistats: `${registriesUrl}/pypistats`,
  crates: `${registriesUrl}/crates`,
};

export async function setPackage(registry: 'npm' | 'pypistats' | 'crates', name: string, scenario: RegistryPackage): Promise<void> {
  const response = await fetch(`${registriesUrl}/__registries/${registry}/${name}`, { method: 'PUT', body: JSON.stringify(scenario) });
  if (!response.ok) throw new Error(`registries stand-in: ${response.status}`);
}

/** The requests the registries saw; `clear` empties the log after reading it. */
export async function registryRequests(clear = false): Promise<RegistryRequest[]> {
  const response = await fetch(`${registriesUrl}/__registries/requests`, { method: clear ? 'DELETE' : 'GET' });
  return (await response.json()) as RegistryRequest[];
}
