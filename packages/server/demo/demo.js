// The demo shop's script: a file, so the page works under a strict CSP (no inline script).
// "Sign in as a customer" does what a real shop does after its own login: its backend computes
// userHash = HMAC-SHA256(userId, identity secret) (here /demo/identity, demo site only), and the
// page hands both to the widget, which the relay verifies (docs/identity.md).
if (!window.Switchboard) {
  // The loader's queue (docs/api.md): calls made before it loads are replayed in order.
  const queue = [];
  window.Switchboard = (...args) => {
    queue.push(args);
  };
  window.Switchboard.q = queue;
}

const DEMO_CUSTOMER = { userId: 'customer-1001', name: 'Alex Walker', email: 'alex@example.com' };

document.addEventListener('DOMContentLoaded', () => {
  const button = document.getElementById('demo-sign-in');
  if (!button) return;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch(
        `/demo/identity?userId=${encodeURIComponent(DEMO_CUSTOMER.userId)}`,
      );
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { userId, userHash } = await response.json();
      window.Switchboard('identify', {
        userId,
        userHash,
        name: DEMO_CUSTOMER.name,
        email: DEMO_CUSTOMER.email,
        attributes: { plan: 'Trail Club', orders: 7 },
      });
      button.textContent = `Signed in as ${DEMO_CUSTOMER.name}`;
    } catch (error) {
      button.disabled = false;
      console.error('[demo] sign-in failed', error);
    }
  });
});
