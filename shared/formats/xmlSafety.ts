// XML from outside (ODF content.xml, REFI-QDA project.qde) is refused when it
// declares entities: no genuine file of these formats does, and a declared
// entity is how external-entity (XXE) and entity-expansion ("billion laughs")
// attacks start. Character references (&#10;) and the five built-in entities
// are not declarations and stay allowed.
export class XmlEntityError extends Error {}

/** Throws XmlEntityError when the document type declares entities. */
export function assertNoEntityDeclarations(xml: string): void {
  const doctype = xml.search(/<!DOCTYPE/i);
  if (doctype < 0) return;
  // the declaration ends at the first ">", or at "]>" when it has an internal subset ("[" before that ">")
  const gt = xml.indexOf('>', doctype);
  const bracket = xml.indexOf('[', doctype);
  const subsetEnd = bracket >= 0 && (gt < 0 || bracket < gt) ? xml.indexOf(']>', bracket) : -1;
  const end = subsetEnd >= 0 ? subsetEnd + 2 : gt >= 0 ? gt + 1 : xml.length;
  const head = xml.slice(doctype, end);
  if (/<!ENTITY/i.test(head) || /\bSYSTEM\b|\bPUBLIC\b/.test(head)) {
    throw new XmlEntityError('the XML declares entities (<!ENTITY> or an external DTD), which Weft refuses: they are used to attack XML readers');
  }
}
