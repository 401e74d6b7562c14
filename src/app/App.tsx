export function App() {
  return (
    <main>
      <h1>Prelabel</h1>
      <p>Pre-label data for Label Studio in your browser.</p>
    </main>
  );
}
