// Small helpers for building the page: elements from a tag, attributes and children, text
// always set as text (never parsed as HTML), so nothing a camera or user sent can inject markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

/** Replaces the main region's content and moves focus there for keyboard and screen-reader users. */
export function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  append(main, children);
  main.focus({ preventScroll: true });
}

export function say(message, isError = false) {
  const status = document.getElementById('status');
  status.textContent = message ?? '';
  status.classList.toggle('error', !!isError);
}

/** A labelled control: every input carries its label. */
export function field(labelText, control) {
  return h('label', {}, labelText, control);
}

export function time(value) {
  if (!value) return '';
  const date = new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

export function plate(text) { return h('span', { class: 'plate' }, text); }

/** The camera's plate crop when the read carries one, else the plate as text in a plate frame. */
export function crop(read) {
  const image = read.images?.plate;
  if (image) return h('img', { class: 'crop', src: `data:image/jpeg;base64,${image}`, alt: `Plate crop reading ${read.plate}` });
  return plate(read.plate);
}

export function table(columns, rows, attributes = {}) {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    rows instanceof Node ? rows : h('tbody', {}, rows));
}
