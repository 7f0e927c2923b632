// One incident as a zip for a support case: shared by `psv incidents export`
// (written to a file) and the web console (sent as a download).
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PsvError } from '../errors.js';
import { incidentFiles, incidentIds } from './store.js';

/** An incident by its full ID or a unique beginning of it. */
export async function findIncident(dir: string, id: string): Promise<string> {
  const ids = await incidentIds(dir);
  if (ids.includes(id)) return id;
  const matches = ids.filter((i) => i.startsWith(id));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new PsvError('USAGE', `'${id}' matches ${matches.length} incidents (${matches.slice(0, 3).join(', ')}...); give more of the ID`);
  throw new PsvError('USAGE', `no incident '${id}' in ${dir}; run psv incidents to list them`);
}

export interface IncidentZip {
  id: string;
  files: { file: string; bytes: number }[];
  /** The zip's bytes, produced as they are read. */
  stream: Readable;
}

/** The zip of incident `id` of `dir`: every file under one folder named after the incident. */
export async function incidentZip(dir: string, id: string): Promise<IncidentZip> {
  const folder = join(dir, id);
  const files = await incidentFiles(folder);
  // Loaded only here: the monitor and the other verbs never need it.
  const { default: yazl } = await import('yazl');
  const zip = new yazl.ZipFile();
  // Under one folder named after the incident, so that unpacking several never mixes them.
  for (const f of files) zip.addFile(join(folder, f.file), `${id}/${f.file}`);
  zip.end();
  return { id, files, stream: zip.outputStream as Readable };
}
