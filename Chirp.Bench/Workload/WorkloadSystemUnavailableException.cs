namespace Chirp.Bench.Workload;

/// <summary>
/// A workload system cannot run on this machine (its server is not installed, or it would not start). The harness
/// catches it, reports the message and runs the other systems; the message says plainly why and what to install.
/// </summary>
public sealed class WorkloadSystemUnavailableException : Exception
{
    public WorkloadSystemUnavailableException()
    {
    }

    public WorkloadSystemUnavailableException(string message)
        : base(message)
    {
    }

    public WorkloadSystemUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
