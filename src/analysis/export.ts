// One incident as a zip for a support case: shared by `psv incidents export`
// (written to a file) and the web console (sent as a download).
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PsvError } from '../errors.js';
import { say } from '../i18n/say.js';
import { incidentFiles, incidentIds } from './store.js';

/** An incident by its full ID or a unique beginning of it. */
export async function findIncident(dir: string, id: string): Promise<string> {
  const ids = await incidentIds(dir);
  if (ids.includes(id)) return id;
  const matches = ids.filter((i) => i.startsWith(id));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const some = matches.slice(0, 3).join(', ');
    throw new PsvError('USAGE', say({ en: "'{id}' matches {n} incidents ({some}...); give more of the ID", ja: "'{id}' に一致する障害情報が {n} 件あります ({some}...)。ID をもっと長く指定してください" }, { id, n: matches.length, some }));
  }
  throw new PsvError('USAGE', say({ en: "no incident '{id}' in {dir}; run psv incidents to list them", ja: "{dir} に障害情報 '{id}' はありません。一覧は psv incidents で表示されます" }, { id, dir }));
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
