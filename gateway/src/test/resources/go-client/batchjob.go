// A Go batch job pushing with client_golang's push package (Debian's
// golang-github-prometheus-client-golang-dev), as a drop-in Pushgateway's users
// do. It runs the steps below against the gateway URL of its first argument and
// prints each step's outcome, with that URL written as GATEWAY, so that the
// output of one Pushgateway can be compared with another's (GoClientTest,
// upstream-answers.txt).
package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

func main() {
	gateway := os.Args[1]
	step := func(name string, err error) {
		if err != nil {
			fmt.Printf("%s: %s\n", name, strings.ReplaceAll(err.Error(), gateway, "GATEWAY"))
		} else {
			fmt.Printf("%s: ok\n", name)
		}
	}

	// Push replaces the group, in client_golang's default format: delimited protobuf.
	step("push protobuf", push.New(gateway, "go_batch").Gatherer(jobMetrics()).Push())

	// A job name and a value with '/' go as @base64, an empty value as "=", and a blank
	// through url.QueryEscape as '+', which the Pushgateway keeps literally.
	step("push text with base64 grouping", push.New(gateway, "nightly/export").
		Grouping("path", "/var/data").Grouping("empty", "").Grouping("instance", "host 1").
		Format(expfmt.FmtText).Gatherer(jobMetrics()).Push())

	// Add replaces only the families it pushes.
	left := prometheus.NewGauge(prometheus.GaugeOpts{Name: "job_items_left", Help: "Items left."})
	left.Set(3)
	step("add", push.New(gateway, "go_batch").Collector(left).Add())

	// A gauge where another group holds a counter of the same name: the consistency check refuses it.
	clash := prometheus.NewGauge(prometheus.GaugeOpts{Name: "job_records_total", Help: "Records processed."})
	clash.Set(3)
	step("add inconsistent type", push.New(gateway, "go_other").Collector(clash).Add())

	step("push to be deleted", push.New(gateway, "nightly/cleanup").
		Grouping("path", "/tmp").Grouping("empty", "").Gatherer(jobMetrics()).Push())
	step("delete base64 group", push.New(gateway, "nightly/cleanup").
		Grouping("path", "/tmp").Grouping("empty", "").Delete())

	// Native histograms go only in protobuf, and come back only in protobuf scrapes.
	both := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "job_request_seconds", Help: "Classic and native.",
		Buckets: []float64{0.1, 1}, NativeHistogramBucketFactor: 1.1})
	nativeOnly := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "job_native_only_seconds", Help: "Native only.",
		NativeHistogramBucketFactor: 1.1})
	for _, v := range []float64{0.05, 0.2, 0.2, 3, -0.5, 0} {
		both.Observe(v)
		nativeOnly.Observe(v)
	}
	step("push native histograms", push.New(gateway, "go_native").Collector(both).Collector(nativeOnly).Push())
	step("scrape native histograms as protobuf", printHistograms(gateway, "job_request_seconds", "job_native_only_seconds"))
}

// printHistograms scrapes the gateway in delimited protobuf, as a Prometheus with native
// histograms enabled does, and prints the named families' histograms field by field.
func printHistograms(gateway string, names ...string) error {
	req, err := http.NewRequest("GET", gateway+"/metrics", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := expfmt.NewDecoder(resp.Body, expfmt.ResponseFormat(resp.Header))
	wanted := map[string]bool{}
	for _, n := range names {
		wanted[n] = true
	}
	for {
		var mf dto.MetricFamily
		if err := dec.Decode(&mf); err != nil {
			break
		}
		if !wanted[mf.GetName()] {
			continue
		}
		for _, m := range mf.GetMetric() {
			h := m.GetHistogram()
			fmt.Printf("%s %s:", mf.GetName(), mf.GetType())
			for _, l := range m.GetLabel() {
				fmt.Printf(" %s=%q", l.GetName(), l.GetValue())
			}
			fmt.Printf(" count=%d sum=%g", h.GetSampleCount(), h.GetSampleSum())
			for _, b := range h.GetBucket() {
				fmt.Printf(" le%g=%d", b.GetUpperBound(), b.GetCumulativeCount())
			}
			fmt.Printf(" schema=%d zero_threshold=%g zero_count=%d", h.GetSchema(), h.GetZeroThreshold(), h.GetZeroCount())
			for _, sp := range h.GetNegativeSpan() {
				fmt.Printf(" negative_span=%d:%d", sp.GetOffset(), sp.GetLength())
			}
			fmt.Printf(" negative_delta=%v", h.GetNegativeDelta())
			for _, sp := range h.GetPositiveSpan() {
				fmt.Printf(" positive_span=%d:%d", sp.GetOffset(), sp.GetLength())
			}
			fmt.Printf(" positive_delta=%v\n", h.GetPositiveDelta())
		}
	}
	return nil
}

func jobMetrics() *prometheus.Registry {
	last := prometheus.NewGauge(prometheus.GaugeOpts{Name: "job_last_success_unixtime", Help: "Last time the batch job succeeded."})
	last.Set(1.5e9)
	records := prometheus.NewCounter(prometheus.CounterOpts{Name: "job_records_total", Help: "Records processed."})
	records.Add(7)
	duration := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "job_duration_seconds", Help: "Duration of the batch job.", Buckets: []float64{1, 5}})
	duration.Observe(3.5)
	item := prometheus.NewSummary(prometheus.SummaryOpts{
		Name: "job_item_seconds", Help: "Time per item.", Objectives: map[float64]float64{0.5: 0.05}})
	item.Observe(0.25)
	labelled := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "job_stage_seconds", Help: "Seconds per stage."}, []string{"stage"})
	labelled.WithLabelValues("extract").Set(1.25)
	labelled.WithLabelValues("load \"quoted\"\n").Set(2)
	reg := prometheus.NewRegistry()
	reg.MustRegister(last, records, duration, item, labelled)
	return reg
}
