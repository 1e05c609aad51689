import type { MessageEntity } from '@grammyjs/types';
import type { ChatViewMessage } from '../chat-view.ts';

/**
 * Browser-side rendering of chat messages. This function is sent to the browser as its source text
 * (`webChatRender.toString()`), so it must stay self-contained: no imports at run time, no outer
 * variables. Types are only for the compiler.
 */
export function webChatRender() {
  type Child = Node | string;

  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: Record<string, string> = {},
    ...children: Child[]
  ): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  function entityElement(entity: MessageEntity): HTMLElement {
    switch (entity.type) {
      case 'bold':
        return el('b');
      case 'italic':
        return el('i');
      case 'underline':
        return el('u');
      case 'strikethrough':
        return el('s');
      case 'code':
        return el('code');
      case 'pre':
        return el('pre', entity.language ? { 'data-language': entity.language } : {});
      case 'blockquote':
      case 'expandable_blockquote':
        return el('blockquote');
      case 'spoiler': {
        const spoiler = el('span', { class: 'spoiler', title: 'Spoiler: click to reveal' });
        spoiler.addEventListener('click', () => spoiler.classList.add('revealed'));
        return spoiler;
      }
      case 'text_link':
        return el('a', { href: entity.url, target: '_blank', rel: 'noopener noreferrer' });
      case 'text_mention':
        return el('a', { class: 'mention', title: `user ${entity.user.id}` });
      default:
        return el('span');
    }
  }

  /** Text with its entities as nested elements (an entity crossing its parent's end is clipped). */
  function renderText(text: string, entities: MessageEntity[] = []): DocumentFragment {
    const fragment = document.createDocumentFragment();
    const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
    const build = (list: MessageEntity[], from: number, to: number, parent: Node) => {
      let pos = from;
      let k = 0;
      while (k < list.length) {
        const entity = list[k]!;
        const end = Math.min(entity.offset + entity.length, to);
        if (entity.offset < pos) {
          k++;
          continue;
        }
        const inner: MessageEntity[] = [];
        let j = k + 1;
        for (; j < list.length && list[j]!.offset < end; j++) {
          const child = list[j]!;
          inner.push({ ...child, length: Math.min(child.offset + child.length, end) - child.offset });
        }
        if (entity.offset > pos) parent.appendChild(document.createTextNode(text.slice(pos, entity.offset)));
        const node = entityElement(entity);
        build(inner, entity.offset, end, node);
        parent.appendChild(node);
        pos = end;
        k = j;
      }
      if (pos < to) parent.appendChild(document.createTextNode(text.slice(pos, to)));
    };
    build(sorted, 0, text.length, fragment);
    return fragment;
  }

  function formatSize(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  function formatTime(iso: string): string {
    const date = new Date(iso);
    return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  }

  /** The bubble of one message, without its inline keyboard. */
  function renderBubble(m: ChatViewMessage): HTMLElement {
    if (m.service) return el('div', { class: 'service', 'data-testid': 'service', text: m.service });
    const bubble = el('div', { class: 'bubble' });
    if (m.sender) bubble.append(el('div', { class: 'sender', 'data-testid': 'sender', text: m.sender.name }));
    if (m.forwarded_from)
      bubble.append(el('div', { class: 'forwarded', text: `Forwarded from ${m.forwarded_from}` }));
    if (m.photo)
      bubble.append(el('img', { class: 'photo', src: m.photo.url, alt: 'photo', 'data-testid': 'photo' }));
    if (m.document)
      bubble.append(
        el(
          'a',
          {
            class: 'document',
            href: m.document.url,
            download: m.document.file_name,
            'data-testid': 'document',
          },
          el('span', { class: 'doc-icon', text: '📄' }),
          el(
            'span',
            {},
            el('span', { class: 'doc-name', text: m.document.file_name }),
            el('small', { text: formatSize(m.document.file_size) }),
          ),
        ),
      );
    if (m.location) {
      const { latitude, longitude } = m.location;
      const map =
        `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}` +
        `#map=17/${latitude}/${longitude}`;
      const place = el('div', { class: 'location', 'data-testid': m.venue ? 'venue' : 'location' });
      if (m.venue) place.append(el('b', { text: m.venue.title }), el('div', { text: m.venue.address }));
      place.append(
        el(
          'div',
          {},
          '📍 ',
          el('span', { class: 'coords', text: `${latitude.toFixed(6)}, ${longitude.toFixed(6)}` }),
          ' · ',
          el('a', { href: map, target: '_blank', rel: 'noopener noreferrer', text: 'open map' }),
        ),
      );
      bubble.append(place);
    }
    if (m.contact) {
      const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
      bubble.append(
        el('div', { class: 'contact', 'data-testid': 'contact' }, `☎ ${name}: ${m.contact.phone_number}`),
      );
    }
    if (m.text) bubble.append(el('div', { class: 'text' }, renderText(m.text, m.entities)));
    bubble.append(el('span', { class: 'meta', text: `${m.edited ? 'edited ' : ''}${formatTime(m.date)}` }));
    return bubble;
  }

  return { el, renderText, renderBubble, formatTime };
}

export type WebChatRender = ReturnType<typeof webChatRender>;
