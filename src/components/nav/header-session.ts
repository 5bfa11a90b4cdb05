import type { Role } from '../../domain/identity/schema.ts';
import { currentLink, navFor } from './site-nav.ts';

type Session = { user: { name: string; role: Role; roleLabel: string } | null };

/**
 * Prerendered pages cannot know who is signed in: ask the server, then show the same navigation and session
 * controls a server-rendered page shows to that role (one definition, site-nav.ts).
 */
export function fillSession() {
  const slot = document.querySelector<HTMLElement>('[data-session]');
  const nav = document.querySelector<HTMLElement>('[data-site-nav]');
  fetch('/api/session', { credentials: 'same-origin' })
    .then((r) => (r.ok ? (r.json() as Promise<Session>) : null))
    .then((session) => {
      if (!slot || !nav || !session?.user) return;
      const links = navFor(session.user.role);
      const current = currentLink(links, nav.dataset.path ?? location.pathname);
      nav.replaceChildren(
        ...links.map((l) => {
          const a = document.createElement('a');
          a.href = l.href;
          a.textContent = l.label;
          if (l.href === current) a.setAttribute('aria-current', 'page');
          return a;
        }),
      );
      const who = document.createElement('span');
      who.dataset.testid = 'signed-in-user';
      who.append(`${session.user.name} `);
      const tag = document.createElement('span');
      tag.className = 'role-tag';
      tag.textContent = session.user.roleLabel;
      who.append(tag);
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '/signout?_action=signOut';
      const button = document.createElement('button');
      button.type = 'submit';
      button.className = 'link-button';
      button.textContent = '退出登录';
      form.append(button);
      slot.replaceChildren(who, form);
    })
    .catch(() => {
      // Offline or server unavailable: the page still reads fine signed out.
    });
}
