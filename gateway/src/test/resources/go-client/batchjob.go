// A Go batch job pushing with client_golang's push package (Debian's
// golang-github-prometheus-client-golang-dev), as a drop-in Pushgateway's users
// do. It runs the steps below against the gateway URL of its first argument and
// prints each step's outcome, with that URL written as GATEWAY, so that the
// output of one Pushgateway can be compared with another's (GoClientTest,
// upstream-answers.txt).
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
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
