/**
 * StaticResource: a file's content beside its -meta.xml (Metadata API Developer Guide,
 * "StaticResource": cacheControl, contentType, content). reco-sf's only one is its ownership
 * record (scripts/org/ownership.ts builds it, JSON text); no config builds one.
 */
import { renderMetadata } from '../core/xml';
import type { ComponentKind } from './types';

export const staticResourceKind: ComponentKind = {
  id: 'staticResource',
  rootType: 'StaticResource',
  type: 'StaticResource',
  lifecycle: 'created',
  deleteOrder: 70,
  planSection: 'none',
  build: () => [],
  /** Its XML without `content`, plus the content as a `.json` file (reco-sf's resources are JSON). */
  render(c) {
    const { content, ...meta } = c.value;
    return [
      { path: c.path, content: renderMetadata(c.rootType, meta) },
      { path: c.path.replace(/\.resource-meta\.xml$/, '.json'), content: String(content ?? '') },
    ];
  },
  /** A retrieve returns the resource's file, its content (reco-sf's are JSON text), not XML. */
  parse: (text) => ({ content: text }),
  merge: (desired) => desired,
  diff: () => [],
};
