/**
 * Retrieves: unpackaged (zip paths under `unpackaged/` unless singlePackage) and specificFiles.
 * The zip holds what the org has, in Salesforce's XML format, plus package.xml. A member the org
 * lacks is reported in `messages` as the Metadata API does, not silently dropped.
 */
import { sfErrors } from './errors';
import { componentOfPath, filePathOf, metadataType, xmlPathOf } from './metadata-types';
import { renderMetadata } from '../core/xml';
import { renderManifest, writeZip, type Manifest } from './package-zip';
import type { OrgStore } from './store';

export type FileProperties = {
  createdById: string;
  createdByName: string;
  createdDate: string;
  fileName: string;
  fullName: string;
  id: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
  manageableState: string;
  type: string;
};

export interface RetrieveJob {
  id: string;
  done: boolean;
  status: 'Succeeded' | 'Failed';
  success: boolean;
  fileProperties: FileProperties[];
  messages: Array<{ fileName: string; problem: string }>;
  zipFile: string;
}

export interface RetrieveRequest {
  apiVersion?: string;
  singlePackage?: boolean;
  specificFiles?: string[];
  packageNames?: string[];
  unpackaged?: Manifest;
}

export class RetrieveManager {
  private readonly jobs = new Map<string, RetrieveJob>();
  constructor(private readonly store: OrgStore) {}

  async start(request: RetrieveRequest): Promise<RetrieveJob> {
    if (request.packageNames && request.packageNames.length > 0)
      throw sfErrors.notImplemented('retrieve of packageNames');
    const prefix = request.singlePackage ? '' : 'unpackaged/';
    const wanted = new Map<string, Set<string>>();
    const add = (type: string, member: string): void => {
      const set = wanted.get(type) ?? new Set<string>();
      set.add(member);
      wanted.set(type, set);
    };
    for (const t of request.unpackaged?.types ?? []) {
      for (const m of t.members) {
        if (m !== '*') {
          add(t.name, m);
        } else {
          for (const c of this.store.listMetadata(t.name)) add(t.name, c.fullName);
        }
      }
    }
    for (const file of request.specificFiles ?? []) {
      const c = componentOfPath(file.startsWith(prefix) ? file.slice(prefix.length) : file);
      if (c) add(c.type.name, c.member);
    }
    const apiVersion = Number(request.unpackaged?.version ?? request.apiVersion ?? 66) || 66;
    const files = new Map<string, string>();
    const fileProperties: FileProperties[] = [];
    const messages: RetrieveJob['messages'] = [];
    const manifest: Manifest = { types: [], version: request.unpackaged?.version ?? request.apiVersion };
    for (const [type, members] of wanted) {
      const def = metadataType(type);
      const found: string[] = [];
      for (const member of members) {
        const stored = this.store.getMetadata(type, member);
        const xml = this.store.readMetadataXml(type, member, apiVersion);
        if (!def || !stored || xml === undefined) {
          messages.push({
            fileName: `${prefix}package.xml`,
            problem: `Entity of type '${type}' named '${member}' cannot be found`,
          });
          continue;
        }
        found.push(member);
        const fileName = `${prefix}${filePathOf(def, member)}`;
        if (def.withContent) {
          // MetadataWithContent: the content in its own file, the XML beside it without it.
          const { content, ...rest } = stored.value;
          files.set(fileName, Buffer.from(String(content ?? ''), 'base64').toString('utf8'));
          files.set(`${prefix}${xmlPathOf(def, member)}`, renderMetadata(stored.root, rest));
        } else files.set(fileName, xml);
        fileProperties.push({
          createdById: this.store.info.userId,
          createdByName: 'Admin User',
          createdDate: stored.createdDate,
          fileName,
          fullName: member,
          id: stored.id,
          lastModifiedById: this.store.info.userId,
          lastModifiedByName: 'Admin User',
          lastModifiedDate: stored.lastModifiedDate,
          manageableState: 'unmanaged',
          type,
        });
      }
      if (found.length > 0) manifest.types.push({ name: type, members: found.sort() });
    }
    files.set(`${prefix}package.xml`, renderManifest(manifest));
    fileProperties.push({
      createdById: this.store.info.userId,
      createdByName: 'Admin User',
      createdDate: this.store.timestamp(),
      fileName: `${prefix}package.xml`,
      fullName: `${prefix}package.xml`,
      id: '',
      lastModifiedById: this.store.info.userId,
      lastModifiedByName: 'Admin User',
      lastModifiedDate: this.store.timestamp(),
      manageableState: 'unmanaged',
      type: 'Package',
    });
    const job: RetrieveJob = {
      id: this.store.newId('RetrieveRequest'),
      done: true,
      status: 'Succeeded',
      success: true,
      fileProperties,
      messages,
      zipFile: await writeZip(files),
    };
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): RetrieveJob {
    const job = [...this.jobs.values()].find((j) => j.id === id || j.id.slice(0, 15) === id);
    if (!job) throw sfErrors.invalidCrossReferenceSoap(id);
    return job;
  }
}
