// The benches' machine readings (Linux, as Parley's servers): the reference workload does its work, and the CPU watch reads what
// a process and the machine spent from /proc.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuReferenceMs, cpuTicksOf, watchCpu } from './bench-machine.js';

describe('bench machine readings', () => {
  it('times the reference workload', () => {
    expect(cpuReferenceMs(1)).toBeGreaterThan(0);
  });

  it('reads the CPU a process and the machine spent in a window', () => {
    const watch = watchCpu(process.pid);
    const started = performance.now();
    let spin = 0;
    while (performance.now() - started < 300) spin += 1;
    const window = watch.stop();
    expect(spin).toBeGreaterThan(0);
    // 300 ms of wall time spinning on one core: most of it is this process's CPU, and the machine's.
    expect(window.processCpuMs).toBeGreaterThanOrEqual(150);
    expect(window.processCpuMs).toBeLessThanOrEqual(1000);
    expect(window.machineBusyMs).toBeGreaterThanOrEqual(150);
    expect(window.machineBusyPercent).toBeGreaterThan(0);
    expect(window.machineBusyPercent).toBeLessThanOrEqual(100);
    expect(window.machineStealPercent).toBeGreaterThanOrEqual(0);
    expect(window.machineStealPercent).toBeLessThanOrEqual(window.machineBusyPercent!);
  });

  it("counts the CPU of the watched process's children", async () => {
    // A child that spins for 400 ms, then stays alive (idle) until it is killed.
    const child = spawn(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 400); setTimeout(() => {}, 60_000);'], { stdio: 'ignore' });
    try {
      const watch = watchCpu(process.pid);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // This process mostly waited: the spinning was its child's.
      expect(watch.stop().processCpuMs).toBeGreaterThanOrEqual(300);
    } finally {
      child.kill();
    }
  });

  it('reads steal apart from the work: busy counts it, guest time is not counted twice', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice, as Linux writes them
    expect(cpuTicksOf('cpu  4705 150 1120 16250 520 0 35 3100 400 0')).toEqual({ busy: 9110, steal: 3100, total: 25880 });
    expect(cpuTicksOf('cpu  10 0 5 85 0 0 0')).toEqual({ busy: 15, steal: 0, total: 100 });
  });

  it('knows nothing of a process that does not exist', () => {
    expect(watchCpu(2 ** 30).stop().processCpuMs).toBeNull();
  });
});
