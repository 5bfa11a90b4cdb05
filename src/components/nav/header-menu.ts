/** Up to this width the header shows a 菜单 button instead of the links. */
export const narrowScreen = '(max-width: 480px)';

/**
 * The header's menu button on narrow screens: it shows and hides the navigation (aria-expanded), closes with Escape
 * (focus back on the button) and when focus leaves the menu. Without JavaScript the links simply stay visible.
 */
export function setUpMenu(query: string) {
  const header = document.querySelector<HTMLElement>('[data-site-header]');
  const button = header?.querySelector<HTMLButtonElement>('[data-menu-button]');
  const menu = header?.querySelector<HTMLElement>('#site-menu');
  if (!header || !button || !menu) return;
  const narrow = window.matchMedia(query);
  const setOpen = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    menu.hidden = narrow.matches && !open;
  };
  const apply = () => {
    button.hidden = !narrow.matches;
    setOpen(false);
  };
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  header.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      setOpen(false);
      button.focus();
    }
  });
  narrow.addEventListener('change', apply);
  apply();
}
