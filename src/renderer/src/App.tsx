/** The window's first screen. Profiles, connectors and activity arrive with the desktop issue. */
export function App(): React.JSX.Element {
  return (
    <main>
      <h1>Switchboard</h1>
      <p>The desktop interface is not built yet. Use the <code>switchboard</code> command line meanwhile.</p>
    </main>
  );
}
