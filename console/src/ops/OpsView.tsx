import { Backups } from './Backups';
import { DeadLetters } from './DeadLetters';
import { Health } from './Health';

export default function OpsView() {
  return (
    <main className="ops">
      <Health />
      <DeadLetters />
      <Backups />
    </main>
  );
}
