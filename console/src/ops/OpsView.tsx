import { Backups } from './Backups';
import { DeadLetters } from './DeadLetters';
import { Health } from './Health';
import { Traffic } from './Traffic';

export default function OpsView() {
  return (
    <main className="ops">
      <Health />
      <Traffic />
      <DeadLetters />
      <Backups />
    </main>
  );
}
