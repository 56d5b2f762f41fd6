;; Int8 x int16 dot products for k-NN over the whole catalogue, with WASM SIMD (issue #4).
;; scores(vectors, query, out, count, dims, mask): for each of `count` rows of `dims` int8 codes
;; at `vectors`, out[row] = dot(row, query) as i32, the query being `dims` int16 values (kept
;; finer than the codes, so quantising it costs no recall); rows whose mask byte is 0 get i32
;; min, so a filter is applied inside the scan. mask = 0 means every row counts. dims is a
;; multiple of 16.
(module
  (memory (export "memory") 1)
  (func (export "scores")
    (param $vectors i32) (param $query i32) (param $out i32) (param $count i32) (param $dims i32) (param $mask i32)
    (local $row i32) (local $p i32) (local $d i32) (local $acc v128) (local $a v128) (local $b v128)
    (local.set $p (local.get $vectors))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $row) (local.get $count)))
        (if (i32.and (i32.ne (local.get $mask) (i32.const 0))
                     (i32.eqz (i32.load8_u (i32.add (local.get $mask) (local.get $row)))))
          (then (i32.store (local.get $out) (i32.const 0x80000000)))
          (else
            (local.set $acc (v128.const i32x4 0 0 0 0))
            (local.set $d (i32.const 0))
            (loop $lanes
              (local.set $a (v128.load (i32.add (local.get $p) (local.get $d))))
              (local.set $b (v128.load (i32.add (local.get $query) (i32.shl (local.get $d) (i32.const 1)))))
              (local.set $acc (i32x4.add (local.get $acc)
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $a)) (local.get $b))))
              (local.set $b (v128.load (i32.add (local.get $query) (i32.add (i32.shl (local.get $d) (i32.const 1)) (i32.const 16)))))
              (local.set $acc (i32x4.add (local.get $acc)
                (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $a)) (local.get $b))))
              (local.set $d (i32.add (local.get $d) (i32.const 16)))
              (br_if $lanes (i32.lt_u (local.get $d) (local.get $dims))))
            (i32.store (local.get $out)
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))))
        (local.set $p (i32.add (local.get $p) (local.get $dims)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))))
