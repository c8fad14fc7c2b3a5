using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>Divides a benchmark's mean time or allocated bytes by its <c>N</c> parameter: the cost per publish of a batch.</summary>
public sealed class PerAttemptColumn(bool allocated) : IColumn
{
    public string Id => allocated ? "AllocatedPerAttempt" : "MeanPerAttempt";

    public string ColumnName => allocated ? "Allocated/attempt" : "Mean/attempt";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => allocated ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => allocated ? UnitType.Size : UnitType.Time;

    public string Legend => allocated ? "Allocated bytes per operation divided by N" : "Mean time divided by N";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null || benchmarkCase.Parameters["N"] is not int n || n <= 0)
        {
            return "NA";
        }

        if (!allocated)
        {
            return $"{report.ResultStatistics.Mean / n / 1000.0:N2} μs";
        }

        return report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes ? $"{bytes / (double)n:N0} B" : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
